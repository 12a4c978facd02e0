package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceContract;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads from a source organisation's FHIR R4 REST API (the source contract is docs/sources.md).
 *
 * <p>Identity is exact (C5): the youth is the one Patient that carries the BSN; none is an unknown
 * youth, more than one is ambiguous and nothing is fetched. Every later search uses that Patient's
 * id, and an item is only kept when its {@code patient}/{@code subject} reference is that Patient.
 * Searches follow every {@code next} page up to a bound per type ({@link
 * SourceResult.Fetched#truncated()} says when it was hit); search noise ({@code OperationOutcome},
 * {@code _include}d and other-type entries) is dropped and counted.
 *
 * <p>Every call has time-outs, a size limit, bounded retries on transport errors, 429 and 5xx, and
 * a circuit breaker per source (see {@link SourceHttp}); no exception leaves the connector — every
 * outcome is a {@link SourceResult}.
 */
public final class FhirRestSourceConnector implements SourceConnector {
  public static final String BSN_SYSTEM = SourceContract.BSN_SYSTEM;
  public static final String CATEGORY_TAG_SYSTEM =
      "https://jeugdpoort.nl/fhir/CodeSystem/data-category";
  public static final String HEADER_PURPOSE = SourceContract.HEADER_PURPOSE;
  public static final String HEADER_EXPLANATION = SourceContract.HEADER_EXPLANATION;
  public static final String HEADER_REQUESTER = SourceContract.HEADER_REQUESTER;
  public static final String HEADER_REQUEST_ID = SourceContract.HEADER_REQUEST_ID;
  public static final String HEADER_CONTEXT = SourceContract.HEADER_CONTEXT;

  /** The most Patients read for one BSN (one is expected; two already make it ambiguous). */
  private static final int MAX_PATIENT_MATCHES = 50;

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z]{1,63}");

  private final FhirContext fhir;
  private final FhirRestSettings settings;
  private final SourceHttp http;
  private final SourceCapabilities capabilities;

  public FhirRestSourceConnector(FhirRestSettings settings) {
    this(settings, Clock.systemUTC());
  }

  public FhirRestSourceConnector(FhirRestSettings settings, Clock clock) {
    this.settings = settings;
    // Own context: its parser does not log what it finds odd in a source's data (it may be personal
    // data).
    this.fhir = FhirContext.forR4();
    fhir.setParserErrorHandler(new SourceParserErrors());
    this.http = new SourceHttp(settings, fhir, clock);
    this.capabilities = new SourceCapabilities(http, fhir, clock, settings.capabilityCacheTtl());
  }

  /** The circuit breaker state of a source, for health reporting. */
  public CircuitBreaker.State breakerState(String organisationId) {
    return http.breaker(organisationId).getState();
  }

  @Override
  public SourceResult lookupYouth(SourceEndpoint source, SourceQuery query) {
    return answer(
        source,
        () -> {
          SourceCapabilities.Known known = capabilities.of(source, query);
          Patient patient = youth(source, query, known);
          List<RelatedPerson> related = new ArrayList<>();
          if (known.mayOffer("RelatedPerson")) {
            String id = patient.getIdElement().getIdPart();
            Search search =
                search(
                    source,
                    query,
                    "RelatedPerson",
                    "patient=" + enc(id),
                    r -> refersOnlyTo(r, id, source),
                    settings.maxItemsPerType());
            if (search != null) {
              search.kept.forEach(r -> related.add((RelatedPerson) r));
            }
          }
          return new SourceResult.Youth(patient, related);
        });
  }

  @Override
  public SourceResult fetch(SourceEndpoint source, SourceQuery query) {
    return answer(
        source,
        () -> {
          SourceCapabilities.Known known = capabilities.of(source, query);
          Patient patient = youth(source, query, known);
          String id = patient.getIdElement().getIdPart();
          if (query.patientId() != null && !query.patientId().equals(id)) {
            // The BSN now resolves to another Patient than at lookup: identity is not certain (C5).
            return new SourceResult.AmbiguousYouth(1);
          }
          int bound =
              query.maxItemsPerType() > 0 ? query.maxItemsPerType() : settings.maxItemsPerType();
          Map<String, SourceResult.Fetched> byType = new LinkedHashMap<>();
          for (String type : new TreeSet<>(query.resourceTypes())) {
            if ("Patient".equals(type)) {
              byType.put(type, new SourceResult.Fetched(List.of(patient), 1, false, true, 0));
            } else if (!isResourceType(type) || !known.mayOffer(type)) {
              byType.put(type, SourceResult.Fetched.unsupported());
            } else {
              Search search =
                  search(
                      source,
                      query,
                      type,
                      "patient=" + enc(id),
                      r -> refersOnlyTo(r, id, source),
                      bound);
              byType.put(
                  type,
                  search == null
                      ? SourceResult.Fetched.unsupported()
                      : new SourceResult.Fetched(
                          search.kept, search.total, search.truncated, true, search.dropped));
            }
          }
          return new SourceResult.Items(byType);
        });
  }

  /** The one Patient that carries the BSN, or a final answer: unknown, ambiguous, unsupported. */
  private Patient youth(SourceEndpoint source, SourceQuery query, SourceCapabilities.Known known) {
    if (!known.mayOffer("Patient")) {
      throw new SourceAnswer.Final(new SourceResult.Unsupported("Patient search"));
    }
    Search found =
        search(
            source,
            query,
            "Patient",
            "identifier=" + enc(BSN_SYSTEM + "|" + query.youthBsn()),
            r -> carriesBsn((Patient) r, query.youthBsn()),
            MAX_PATIENT_MATCHES);
    if (found == null) {
      throw new SourceAnswer.Final(new SourceResult.Unsupported("Patient search"));
    }
    if (found.kept.isEmpty()) {
      throw new SourceAnswer.Final(new SourceResult.UnknownYouth());
    }
    if (found.kept.size() > 1) {
      throw new SourceAnswer.Final(new SourceResult.AmbiguousYouth(found.kept.size()));
    }
    Patient patient = (Patient) found.kept.get(0);
    if (!patient.hasIdElement()
        || patient.getIdElement().getIdPart() == null
        || !FHIR_ID.matcher(patient.getIdElement().getIdPart()).matches()) {
      throw SourceAnswer.bad("the Patient found for the BSN has no valid id");
    }
    return patient;
  }

  private record Search(List<Resource> kept, int dropped, int total, boolean truncated) {}

  /**
   * Searches one type and follows every {@code next} page, keeping at most {@code bound} resources
   * that pass {@code belongs}; null when the source answers 404 to the first page (type not
   * offered).
   */
  private Search search(
      SourceEndpoint source,
      SourceQuery query,
      String type,
      String criteria,
      Predicate<Resource> belongs,
      int bound) {
    String base = base(source);
    URI url = URI.create(base + "/" + type + "?" + criteria + "&_count=" + settings.pageSize());
    Set<String> seen = new HashSet<>();
    seen.add(url.toString());
    List<Resource> kept = new ArrayList<>();
    int dropped = 0;
    int total = -1;
    boolean truncated = false;
    for (int pages = 0; url != null; ) {
      SourceHttp.Response response = http.get(source, query, url);
      if (response.status() == 404) {
        if (pages == 0) {
          return null;
        }
        throw SourceAnswer.bad("a next page of the " + type + " search answered HTTP 404");
      }
      SearchPage page = SearchPage.read(fhir, response.body(), type, belongs, bound - kept.size());
      if (pages == 0) {
        total = page.total();
      }
      pages++;
      kept.addAll(page.kept());
      dropped += page.dropped();
      if (page.more()) {
        truncated = true;
        break;
      }
      String next = page.next();
      if (next == null) {
        break;
      }
      if (kept.size() >= bound || pages >= settings.maxPages()) {
        truncated = true;
        break;
      }
      if (page.entries() == 0) {
        throw SourceAnswer.bad("a page of the " + type + " search has no entries but a next link");
      }
      if (!sameSource(next, base)) {
        // Never send the token and the context to another server than the source's own.
        throw SourceAnswer.bad(
            "a next link of the " + type + " search points outside the source's base URL");
      }
      if (!seen.add(next)) {
        throw SourceAnswer.bad(
            "the "
                + type
                + " search's next links loop (page "
                + (pages + 1)
                + " repeats an earlier one)");
      }
      url = URI.create(next);
    }
    return new Search(kept, dropped, total, truncated);
  }

  private static boolean sameSource(String next, String base) {
    try {
      URI uri = URI.create(next);
      return uri.isAbsolute()
          && (next.equals(base) || next.startsWith(base + "/") || next.startsWith(base + "?"));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static boolean carriesBsn(Patient patient, String bsn) {
    for (Identifier identifier : patient.getIdentifier()) {
      if (BSN_SYSTEM.equals(identifier.getSystem()) && bsn.equals(identifier.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the resource's {@code patient} and {@code subject} references all point to this
   * Patient (relative {@code Patient/id} or absolute at this source's base URL), and at least one
   * does.
   */
  static boolean refersOnlyTo(Resource resource, String patientId, SourceEndpoint source) {
    boolean found = false;
    for (String element : List.of("patient", "subject")) {
      Property property;
      try {
        property = resource.getNamedProperty(element);
      } catch (RuntimeException noSuchElement) {
        property = null;
      }
      if (property == null) {
        continue;
      }
      for (Base value : property.getValues()) {
        if (!(value instanceof Reference reference) || reference.isEmpty()) {
          continue;
        }
        if (!refersTo(reference, patientId, source)) {
          return false;
        }
        found = true;
      }
    }
    return found;
  }

  private static boolean refersTo(Reference reference, String patientId, SourceEndpoint source) {
    if (!reference.hasReference()) {
      return false;
    }
    IdType id = new IdType(reference.getReference());
    if (!"Patient".equals(id.getResourceType()) || !patientId.equals(id.getIdPart())) {
      return false;
    }
    return !id.hasBaseUrl() || stripSlash(id.getBaseUrl()).equals(base(source));
  }

  private boolean isResourceType(String type) {
    return TYPE_NAME.matcher(type).matches() && fhir.getResourceTypes().contains(type);
  }

  static String base(SourceEndpoint source) {
    return stripSlash(source.baseUrl().toString());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Runs an operation and turns every way it can end into a {@link SourceResult}; nothing escapes.
   */
  private SourceResult answer(SourceEndpoint source, Supplier<SourceResult> operation) {
    try {
      return operation.get();
    } catch (SourceAnswer.Final done) {
      return done.result;
    } catch (CallNotPermittedException open) {
      return new SourceResult.Unavailable(
          "source "
              + source.organisationId()
              + " is not being called: too many recent failures (circuit open)");
    } catch (SourceAnswer.Transient failed) {
      return new SourceResult.Unavailable(
          "source "
              + source.organisationId()
              + " did not answer after "
              + settings.maxAttempts()
              + " attempts: "
              + failed.getMessage());
    } catch (RuntimeException unexpected) {
      return new SourceResult.BadAnswer(
          "the source's answer could not be processed ("
              + unexpected.getClass().getSimpleName()
              + ")");
    } catch (OutOfMemoryError tooMuch) {
      return new SourceResult.BadAnswer("the source's answer was too large to process");
    }
  }
}
