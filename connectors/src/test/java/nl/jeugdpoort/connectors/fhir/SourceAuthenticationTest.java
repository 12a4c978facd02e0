package nl.jeugdpoort.connectors.fhir;

import static nl.jeugdpoort.connectors.fhir.FhirRestSourceConnectorTest.FAST;
import static nl.jeugdpoort.connectors.fhir.FhirRestSourceConnectorTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import nl.jeugdpoort.connectors.SourceAuth;
import nl.jeugdpoort.connectors.SourceContract;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway authenticates to a source that demands it: SMART Backend Services (a real token
 * endpoint verifying the signed client assertion against the gateway's JWKS) and a signed context
 * header the source verifies too.
 */
class SourceAuthenticationTest {
  private static final TestSigner GATEWAY = new TestSigner();
  private static TestSourceServer source;
  private static TestTokenServer tokens;
  private final MutableClock clock = new MutableClock();
  private FhirRestSourceConnector connector;

  @BeforeAll
  static void start() throws Exception {
    source = new TestSourceServer();
    tokens = new TestTokenServer(GATEWAY.publicKeys());
  }

  @AfterAll
  static void stop() throws Exception {
    source.close();
    tokens.close();
  }

  @BeforeEach
  void fresh() {
    source.reset();
    tokens.revokeAll();
    tokens.issued.set(0);
    tokens.lifetime.set(Duration.ofMinutes(5));
    // The source's access control: a valid bearer token from its token endpoint and a verified
    // context header.
    source.guard.set(SourceAuthenticationTest::denied);
    connector = new FhirRestSourceConnector(FAST, clock);
  }

  private static SourceAuth smart(TestSigner signer) {
    return new SourceAuth.SmartBackend(
        tokens.tokenUrl(), TestTokenServer.CLIENT_ID, "system/*.read", signer);
  }

  private static SourceEndpoint endpoint(SourceAuth auth) {
    return new SourceEndpoint("ggz", source.baseUrl(), auth);
  }

  /** Null when the request may pass; otherwise why not. */
  private static String denied(HttpServletRequest request) {
    if (!tokens.verify(request.getHeader("Authorization"))) {
      return "no valid bearer token";
    }
    String context = request.getHeader(SourceContract.HEADER_CONTEXT);
    if (context == null) {
      return "no signed context";
    }
    try {
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(
          new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, tokens.remoteKeys()));
      processor.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(
              source.baseUrl().toString(),
              null,
              Set.of("purpose", "explanation", "requester", "request_id", "iat", "exp", "jti")));
      JWTClaimsSet claims = processor.process(context, null);
      boolean matches =
          Objects.equals(
                  claims.getStringClaim("purpose"),
                  request.getHeader(SourceContract.HEADER_PURPOSE))
              && Objects.equals(
                  claims.getStringClaim("explanation"),
                  URLDecoder.decode(
                      request.getHeader(SourceContract.HEADER_EXPLANATION), StandardCharsets.UTF_8))
              && Objects.equals(
                  claims.getStringClaim("requester"),
                  request.getHeader(SourceContract.HEADER_REQUESTER))
              && Objects.equals(
                  claims.getStringClaim("request_id"),
                  request.getHeader(SourceContract.HEADER_REQUEST_ID));
      return matches ? null : "context does not match the headers";
    } catch (Exception e) {
      return "context not verified: " + e.getClass().getSimpleName();
    }
  }

  @Test
  void
      smart_backend_token_is_obtained_with_a_verified_assertion_cached_and_sent_with_a_verified_context() {
    SourceEndpoint ggz = endpoint(smart(GATEWAY));
    assertThat(connector.lookupYouth(ggz, query())).isInstanceOf(SourceResult.Youth.class);
    assertThat(connector.fetch(ggz, query("CarePlan"))).isInstanceOf(SourceResult.Items.class);
    assertThat(tokens.issued.get()).as("one token for all calls").isEqualTo(1);
    assertThat(tokens.lastScope.get()).isEqualTo("system/*.read");
    assertThat(source.requestHeaders)
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(
            h -> {
              assertThat(h.get("authorization")).startsWith("Bearer ");
              assertThat(h.get("x-jeugdpoort-context")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
            });
  }

  @Test
  void without_a_token_the_source_turns_the_gateway_away_as_access_denied() {
    SourceEndpoint noAuth = new SourceEndpoint("ggz", source.baseUrl(), SourceAuth.none(), GATEWAY);
    assertThat(connector.lookupYouth(noAuth, query()))
        .isInstanceOfSatisfying(
            SourceResult.AccessDenied.class,
            d -> {
              assertThat(d.httpStatus()).isEqualTo(401);
              assertThat(d.reason()).contains("no valid bearer token");
            });
  }

  @Test
  void an_assertion_signed_with_another_key_is_refused_by_the_token_endpoint() {
    SourceEndpoint impostor = endpoint(smart(new TestSigner()));
    assertThat(connector.fetch(impostor, query("CarePlan")))
        .isInstanceOfSatisfying(
            SourceResult.AccessDenied.class,
            d -> {
              assertThat(d.httpStatus()).isEqualTo(401);
              assertThat(d.reason()).contains("token endpoint").contains("invalid_client");
            });
    assertThat(tokens.issued.get()).isZero();
    assertThat(source.calls("/fhir/Patient")).isZero();
  }

  @Test
  void a_context_signed_with_another_key_is_refused_by_the_source() {
    SourceEndpoint forged =
        new SourceEndpoint("ggz", source.baseUrl(), smart(GATEWAY), new TestSigner());
    assertThat(connector.lookupYouth(forged, query()))
        .isInstanceOfSatisfying(
            SourceResult.AccessDenied.class,
            d -> assertThat(d.reason()).contains("context not verified"));
  }

  @Test
  void a_revoked_token_is_replaced_once_and_the_call_succeeds() {
    SourceEndpoint ggz = endpoint(smart(GATEWAY));
    assertThat(connector.fetch(ggz, query("CarePlan"))).isInstanceOf(SourceResult.Items.class);
    tokens.revokeAll();
    assertThat(connector.fetch(ggz, query("CarePlan"))).isInstanceOf(SourceResult.Items.class);
    assertThat(tokens.issued.get()).isEqualTo(2);
  }

  @Test
  void a_token_the_source_keeps_refusing_is_access_denied_after_one_renewal() {
    SourceEndpoint ggz = endpoint(smart(GATEWAY));
    assertThat(connector.lookupYouth(ggz, query())).isInstanceOf(SourceResult.Youth.class);
    source.guard.set(r -> "token revoked for this client");
    assertThat(connector.lookupYouth(ggz, query())).isInstanceOf(SourceResult.AccessDenied.class);
    assertThat(tokens.issued.get()).isEqualTo(2);
  }

  @Test
  void a_token_is_renewed_shortly_before_it_expires() {
    SourceEndpoint ggz = endpoint(smart(GATEWAY));
    connector.lookupYouth(ggz, query());
    clock.advance(Duration.ofSeconds(250));
    connector.lookupYouth(ggz, query());
    assertThat(tokens.issued.get()).as("still valid for 50 s").isEqualTo(1);
    clock.advance(Duration.ofSeconds(25));
    connector.lookupYouth(ggz, query());
    assertThat(tokens.issued.get()).as("renewed within 30 s of expiry").isEqualTo(2);
  }

  /** A clock a test moves forward. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
