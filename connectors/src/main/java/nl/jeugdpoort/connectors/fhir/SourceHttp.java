package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import nl.jeugdpoort.connectors.RequestSigner;
import nl.jeugdpoort.connectors.SourceAuth;
import nl.jeugdpoort.connectors.SourceContract;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.connectors.TraceContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * One HTTP GET to a source, with everything around it: the Jeugdpoort headers and the signed
 * context header, a SMART Backend Services access token (cached per source until shortly before it
 * expires, renewed once on a 401), a size-capped body, a time-out on the whole answer, bounded
 * retries with back-off on transport errors, 429 and 5xx ({@code Retry-After} honoured up to a
 * bound), and a circuit breaker per source.
 *
 * <p>It classifies what is not data: 401/403 → access denied, unless the body is the explicit
 * professional refusal (then refused, P6, also on 422); another 4xx but 404 → bad answer naming the
 * status. A 404 is handed back to the caller, who knows whether it means "type not offered" or
 * "page gone".
 */
final class SourceHttp {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration CONTEXT_LIFETIME = Duration.ofMinutes(5);
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(4);
  private static final int MAX_REASON = 300;

  /** A 2xx or 404 answer with its (capped) body. */
  record Response(int status, byte[] body, HttpHeaders headers) {}

  private record Token(String value, Instant renewAt) {}

  private final FhirRestSettings settings;
  private final FhirContext fhir;
  private final Clock clock;
  private final HttpClient client;
  private final CircuitBreakerRegistry breakers;
  private final RetryConfig retryConfig;
  private final RetryConfig singleAttempt;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  SourceHttp(FhirRestSettings settings, FhirContext fhir, Clock clock) {
    this.settings = settings;
    this.fhir = fhir;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(4, settings.breakerWindow()))
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .recordException(SourceAnswer.Transient.class::isInstance)
                .build());
    IntervalFunction backoff =
        IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0);
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(settings.maxAttempts())
            .intervalBiFunction(
                (IntervalBiFunction<Object>)
                    (attempt, outcome) -> {
                      if (outcome.isLeft()
                          && outcome.getLeft() instanceof SourceAnswer.Transient t
                          && t.retryAfter != null) {
                        return t.retryAfter.toMillis();
                      }
                      return backoff.apply(attempt);
                    })
            .retryOnException(SourceAnswer.Transient.class::isInstance)
            .build();
    this.singleAttempt = RetryConfig.custom().maxAttempts(1).build();
  }

  CircuitBreaker breaker(String organisationId) {
    return breakers.circuitBreaker(organisationId);
  }

  /**
   * GET with retries; throws {@link SourceAnswer.Final} or (after the last attempt) {@link
   * SourceAnswer.Transient}.
   */
  Response get(SourceEndpoint source, SourceQuery query, URI uri) {
    return guarded(source, retryConfig, () -> attempt(source, query, uri));
  }

  /** GET once (for the CapabilityStatement, whose failure is not fatal). */
  Response getOnce(SourceEndpoint source, SourceQuery query, URI uri) {
    return guarded(source, singleAttempt, () -> attempt(source, query, uri));
  }

  private Response guarded(SourceEndpoint source, RetryConfig config, Supplier<Response> call) {
    CircuitBreaker breaker = breaker(source.organisationId());
    Retry retry = Retry.of(source.organisationId(), config);
    return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
  }

  private Response attempt(SourceEndpoint source, SourceQuery query, URI uri) {
    boolean cachedToken =
        source.auth() instanceof SourceAuth.SmartBackend smart
            && tokens.containsKey(key(source, smart));
    HttpResponse<CappedBody.Body> response = send(fhirRequest(source, query, uri));
    if (response.statusCode() == 401 && cachedToken) {
      // The cached token may have been revoked or expired early: drop it and try once with a new
      // one.
      tokens.remove(key(source, (SourceAuth.SmartBackend) source.auth()));
      response = send(fhirRequest(source, query, uri));
    }
    return classify(response);
  }

  private HttpRequest fhirRequest(SourceEndpoint source, SourceQuery query, URI uri) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.readTimeout())
            .header("Accept", "application/fhir+json")
            .header(SourceContract.HEADER_PURPOSE, nullToEmpty(query.purpose()))
            .header(
                SourceContract.HEADER_EXPLANATION,
                URLEncoder.encode(nullToEmpty(query.explanation()), StandardCharsets.UTF_8))
            .header(SourceContract.HEADER_REQUESTER, nullToEmpty(query.requesterOrganisationId()))
            .header(SourceContract.HEADER_REQUEST_ID, nullToEmpty(query.requestId()))
            .GET();
    if (query.trace() != null) {
      request.header(TraceContext.HEADER, query.trace().child().header());
    }
    if (source.contextSigner() != null) {
      request.header(SourceContract.HEADER_CONTEXT, context(source, query, source.contextSigner()));
    }
    if (source.auth() instanceof SourceAuth.SmartBackend smart) {
      request.header("Authorization", "Bearer " + token(source, smart));
    }
    return request.build();
  }

  /**
   * The signed context header: what this call is for, bound to this source (aud) and a short
   * lifetime.
   */
  private String context(SourceEndpoint source, SourceQuery query, RequestSigner signer) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("purpose", nullToEmpty(query.purpose()));
    claims.put("explanation", nullToEmpty(query.explanation()));
    claims.put("requester", nullToEmpty(query.requesterOrganisationId()));
    claims.put("request_id", nullToEmpty(query.requestId()));
    claims.put("aud", source.baseUrl().toString());
    claims.put("iat", now);
    claims.put("exp", now + CONTEXT_LIFETIME.toSeconds());
    claims.put("jti", UUID.randomUUID().toString());
    return signed(signer, claims);
  }

  private String token(SourceEndpoint source, SourceAuth.SmartBackend smart) {
    String key = key(source, smart);
    Token cached = tokens.get(key);
    if (cached != null && clock.instant().isBefore(cached.renewAt())) {
      return cached.value();
    }
    Token fresh = requestToken(smart);
    tokens.put(key, fresh);
    return fresh.value();
  }

  private Token requestToken(SourceAuth.SmartBackend smart) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", smart.clientId());
    claims.put("sub", smart.clientId());
    claims.put("aud", smart.tokenUrl().toString());
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("iat", now);
    claims.put("exp", now + ASSERTION_LIFETIME.toSeconds());
    StringBuilder form =
        new StringBuilder()
            .append("grant_type=client_credentials")
            .append("&client_assertion_type=")
            .append(URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8))
            .append("&client_assertion=")
            .append(URLEncoder.encode(signed(smart.signer(), claims), StandardCharsets.UTF_8));
    if (smart.scope() != null && !smart.scope().isBlank()) {
      form.append("&scope=").append(URLEncoder.encode(smart.scope(), StandardCharsets.UTF_8));
    }
    HttpResponse<CappedBody.Body> response =
        send(
            HttpRequest.newBuilder(smart.tokenUrl())
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build());
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw transientFor(response, "token endpoint");
    }
    if (response.body().tooLarge()) {
      throw SourceAnswer.bad(
          "the token endpoint's answer is over the size limit of "
              + settings.maxResponseBytes()
              + " bytes");
    }
    JsonNode answer = readJson(response.body().bytes());
    if (status == 400 || status == 401 || status == 403) {
      String error =
          answer == null
              ? ""
              : (answer.path("error").asText("")
                      + " "
                      + answer.path("error_description").asText(""))
                  .trim();
      throw new SourceAnswer.Final(
          new SourceResult.AccessDenied(
              status,
              cap(
                  "the source's token endpoint refused the gateway (HTTP "
                      + status
                      + (error.isEmpty() ? "" : ": " + error)
                      + ")")));
    }
    if (status != 200 || answer == null || !answer.path("access_token").isTextual()) {
      throw SourceAnswer.bad(
          "the source's token endpoint answered HTTP " + status + " without an access_token");
    }
    long expiresIn = answer.path("expires_in").asLong(300);
    long margin = Math.min(30, expiresIn / 2);
    return new Token(
        answer.path("access_token").asText(),
        clock.instant().plusSeconds(Math.max(0, expiresIn - margin)));
  }

  private static String signed(RequestSigner signer, Map<String, Object> claims) {
    try {
      return signer.sign(claims);
    } catch (RuntimeException e) {
      throw new SourceAnswer.Final(
          new SourceResult.Unavailable(
              "the gateway could not sign its request: " + e.getClass().getSimpleName()));
    }
  }

  private JsonNode readJson(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : json.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  private static String key(SourceEndpoint source, SourceAuth.SmartBackend smart) {
    return source.organisationId()
        + "\n"
        + smart.tokenUrl()
        + "\n"
        + smart.clientId()
        + "\n"
        + smart.scope();
  }

  private HttpResponse<CappedBody.Body> send(HttpRequest request) {
    CompletableFuture<HttpResponse<CappedBody.Body>> future =
        client.sendAsync(request, CappedBody.handler(settings.maxResponseBytes()));
    try {
      return future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new SourceAnswer.Transient(
          "no complete answer within " + settings.readTimeout().toMillis() + " ms", null);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new SourceAnswer.Final(
          new SourceResult.Unavailable("interrupted while waiting for the source"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new SourceAnswer.Transient(cause.getClass().getSimpleName(), null);
    }
  }

  private Response classify(HttpResponse<CappedBody.Body> response) {
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw transientFor(response, "source");
    }
    if (response.body().tooLarge()) {
      throw SourceAnswer.bad(
          "the answer is over the size limit of " + settings.maxResponseBytes() + " bytes");
    }
    byte[] body = response.body().bytes();
    if ((status >= 200 && status < 300) || status == 404) {
      return new Response(status, body, response.headers());
    }
    OperationOutcome outcome = outcome(body);
    String refusal = SourceContract.refusalReason(outcome);
    if (refusal != null && (status == 403 || status == 422)) {
      throw new SourceAnswer.Final(new SourceResult.Refused(cap(refusal)));
    }
    String said = diagnostics(outcome);
    if (status == 401 || status == 403) {
      throw new SourceAnswer.Final(
          new SourceResult.AccessDenied(
              status,
              cap(
                  "the source's access control refused the gateway (HTTP "
                      + status
                      + (said.isEmpty() ? "" : ": " + said)
                      + ")")));
    }
    throw SourceAnswer.bad(
        cap("the source answered HTTP " + status + (said.isEmpty() ? "" : ": " + said)));
  }

  private SourceAnswer.Transient transientFor(HttpResponse<CappedBody.Body> response, String who) {
    Duration wait = retryAfter(response.headers()).orElse(null);
    if (wait != null && wait.compareTo(settings.maxRetryAfter()) > 0) {
      throw new SourceAnswer.Final(
          new SourceResult.Unavailable(
              "the "
                  + who
                  + " answered HTTP "
                  + response.statusCode()
                  + " and asks to wait "
                  + wait.toSeconds()
                  + " s, longer than the "
                  + settings.maxRetryAfter().toSeconds()
                  + " s allowed"));
    }
    return new SourceAnswer.Transient("HTTP " + response.statusCode(), wait);
  }

  private Optional<Duration> retryAfter(HttpHeaders headers) {
    return headers
        .firstValue("Retry-After")
        .map(String::trim)
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
              } catch (NumberFormatException notSeconds) {
                try {
                  Instant at =
                      ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                  Duration wait = Duration.between(clock.instant(), at);
                  return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notADate) {
                  return Optional.empty();
                }
              }
            });
  }

  /** The body as an OperationOutcome, or null when it is none. */
  OperationOutcome outcome(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      IBaseResource parsed =
          fhir.newJsonParser().parseResource(new String(body, StandardCharsets.UTF_8));
      return parsed instanceof OperationOutcome oo ? oo : null;
    } catch (RuntimeException notFhirJson) {
      return null;
    }
  }

  static String diagnostics(OperationOutcome outcome) {
    if (outcome == null) {
      return "";
    }
    return outcome.getIssue().stream()
        .map(i -> i.hasDiagnostics() ? i.getDiagnostics() : i.getDetails().getText())
        .filter(s -> s != null && !s.isBlank())
        .findFirst()
        .orElse("");
  }

  static String cap(String s) {
    return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON) + "…";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
