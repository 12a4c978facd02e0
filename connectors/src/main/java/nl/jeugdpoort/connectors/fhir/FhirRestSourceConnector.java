package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads from a source organisation's FHIR R4 REST API with HAPI's generic client.
 *
 * <p>Every call has a connect and read timeout, is retried a bounded number of times with exponential
 * back-off on transport errors and 5xx answers, and goes through a circuit breaker per source, so a
 * source that is down or slow yields {@link SourceResult.Unavailable} — never a hang. A 403 from the
 * source is its own refusal (P6) and is neither retried nor counted as a failure.
 *
 * <p>The source finds a youth's items per category by the tag {@value #CATEGORY_TAG_SYSTEM}|category
 * and the {@code patient} search parameter. The purpose and explanation travel as headers.
 */
public final class FhirRestSourceConnector implements SourceConnector {
  public static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
  public static final String CATEGORY_TAG_SYSTEM = "https://jeugdpoort.nl/fhir/CodeSystem/data-category";
  public static final String HEADER_PURPOSE = "X-Jeugdpoort-Purpose";
  public static final String HEADER_EXPLANATION = "X-Jeugdpoort-Explanation";
  public static final String HEADER_REQUESTER = "X-Jeugdpoort-Requester-Organisation";
  public static final String HEADER_REQUEST_ID = "X-Request-ID";

  private final FhirContext fhir;
  private final FhirRestSettings settings;
  private final CircuitBreakerRegistry breakers;
  private final RetryConfig retryConfig;

  public FhirRestSourceConnector(FhirRestSettings settings) {
    this.settings = settings;
    // Own context: client timeouts are set on the context's client factory.
    this.fhir = FhirContext.forR4();
    fhir.getRestfulClientFactory().setConnectTimeout((int) settings.connectTimeout().toMillis());
    fhir.getRestfulClientFactory().setSocketTimeout((int) settings.readTimeout().toMillis());
    fhir.getRestfulClientFactory().setConnectionRequestTimeout((int) settings.connectTimeout().toMillis());
    fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(4, settings.breakerWindow()))
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .recordException(FhirRestSourceConnector::isTransient)
                .build());
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(settings.maxAttempts())
            .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), 2.0))
            .retryOnException(FhirRestSourceConnector::isTransient)
            .build();
  }

  /** The circuit breaker state of a source, for health reporting. */
  public CircuitBreaker.State breakerState(String organisationId) {
    return breakers.circuitBreaker(organisationId).getState();
  }

  @Override
  public SourceResult lookupYouth(SourceEndpoint source, SourceQuery query) {
    return resilient(source, () -> {
      IGenericClient client = client(source);
      Patient patient = findPatient(client, query);
      if (patient == null) {
        return new SourceResult.UnknownYouth();
      }
      List<RelatedPerson> related = new ArrayList<>();
      Bundle bundle = headers(client.search()
              .byUrl("RelatedPerson?patient=" + patient.getIdElement().getIdPart())
              .returnBundle(Bundle.class), query)
          .execute();
      collect(client, bundle, RelatedPerson.class, related, query);
      return new SourceResult.Youth(patient, related);
    });
  }

  @Override
  public SourceResult fetch(SourceEndpoint source, SourceQuery query) {
    return resilient(source, () -> {
      IGenericClient client = client(source);
      Patient patient = findPatient(client, query);
      if (patient == null) {
        return new SourceResult.UnknownYouth();
      }
      Map<String, List<Resource>> byCategory = new LinkedHashMap<>();
      for (Map.Entry<String, String> category : query.categories().entrySet()) {
        String type = category.getValue();
        List<Resource> items = new ArrayList<>();
        if ("Patient".equals(type)) {
          items.add(patient);
        } else {
          String tag = URLEncoder.encode(CATEGORY_TAG_SYSTEM + "|" + category.getKey(), StandardCharsets.UTF_8);
          Bundle bundle = headers(client.search()
                  .byUrl(type + "?patient=" + patient.getIdElement().getIdPart() + "&_tag=" + tag)
                  .returnBundle(Bundle.class), query)
              .execute();
          collect(client, bundle, Resource.class, items, query);
        }
        byCategory.put(category.getKey(), items);
      }
      return new SourceResult.Items(byCategory);
    });
  }

  private IGenericClient client(SourceEndpoint source) {
    return fhir.newRestfulGenericClient(source.baseUrl().toString());
  }

  private Patient findPatient(IGenericClient client, SourceQuery query) {
    Bundle found = headers(client.search()
            .forResource(Patient.class)
            .where(Patient.IDENTIFIER.exactly().systemAndCode(BSN_SYSTEM, query.youthBsn()))
            .returnBundle(Bundle.class), query)
        .execute();
    return found.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(Patient.class::isInstance)
        .map(Patient.class::cast)
        .findFirst()
        .orElse(null);
  }

  private <T extends Resource> void collect(
      IGenericClient client, Bundle bundle, Class<T> type, List<? super T> into, SourceQuery query) {
    Bundle page = bundle;
    for (int pages = 0; page != null && pages < settings.maxPages(); pages++) {
      for (Bundle.BundleEntryComponent entry : page.getEntry()) {
        if (type.isInstance(entry.getResource())) {
          into.add(type.cast(entry.getResource()));
        }
      }
      page = page.getLink(Bundle.LINK_NEXT) == null
          ? null
          : headers(client.loadPage().next(page), query).execute();
    }
  }

  private static <Q extends ca.uhn.fhir.rest.gclient.IClientExecutable<Q, ?>> Q headers(Q q, SourceQuery query) {
    return q.withAdditionalHeader(HEADER_PURPOSE, nullToEmpty(query.purpose()))
        .withAdditionalHeader(
            HEADER_EXPLANATION, URLEncoder.encode(nullToEmpty(query.explanation()), StandardCharsets.UTF_8))
        .withAdditionalHeader(HEADER_REQUESTER, nullToEmpty(query.requesterOrganisationId()))
        .withAdditionalHeader(HEADER_REQUEST_ID, nullToEmpty(query.requestId()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private SourceResult resilient(SourceEndpoint source, Supplier<SourceResult> call) {
    CircuitBreaker breaker = breakers.circuitBreaker(source.organisationId());
    Retry retry = Retry.of(source.organisationId(), retryConfig);
    Supplier<SourceResult> guarded =
        Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, () -> answerOrThrow(call)));
    try {
      return guarded.get();
    } catch (CallNotPermittedException open) {
      return new SourceResult.Unavailable(
          "source " + source.organisationId() + " is not being called: too many recent failures (circuit open)");
    } catch (RuntimeException failed) {
      return new SourceResult.Unavailable(
          "source " + source.organisationId() + " did not answer after " + settings.maxAttempts()
              + " attempts: " + describe(failed));
    }
  }

  /** Client errors (4xx) are answers, not failures: turn them into results; let transient ones throw. */
  private static SourceResult answerOrThrow(Supplier<SourceResult> call) {
    try {
      return call.get();
    } catch (BaseServerResponseException e) {
      if (e.getStatusCode() >= 500) {
        throw e;
      }
      if (e.getStatusCode() == 404) {
        return new SourceResult.UnknownYouth();
      }
      return new SourceResult.Refused(reasonOf(e));
    }
  }

  static boolean isTransient(Throwable t) {
    return t instanceof FhirClientConnectionException
        || (t instanceof BaseServerResponseException e && e.getStatusCode() >= 500);
  }

  private static String reasonOf(BaseServerResponseException e) {
    IBaseOperationOutcome outcome = e.getOperationOutcome();
    if (outcome instanceof OperationOutcome oo && oo.hasIssue() && oo.getIssueFirstRep().hasDiagnostics()) {
      return oo.getIssueFirstRep().getDiagnostics();
    }
    return "HTTP " + e.getStatusCode();
  }

  private static String describe(Throwable t) {
    if (t instanceof BaseServerResponseException e) {
      return "HTTP " + e.getStatusCode();
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
