package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * The resource types a source offers for search, read once from its CapabilityStatement ({@code
 * metadata}) and cached per source. When it cannot be read, the source is called anyway ("unknown",
 * cached briefly), and a 404 on a type search then means the type is not offered.
 */
final class SourceCapabilities {
  private static final Duration UNKNOWN_FOR = Duration.ofMinutes(1);

  /**
   * What is known of a source: the searchable types, or null when the statement could not be read.
   */
  record Known(Set<String> searchable) {
    /** True unless the statement was read and does not offer a search on the type. */
    boolean mayOffer(String type) {
      return searchable == null || searchable.contains(type);
    }
  }

  private record Cached(Known known, Instant until) {}

  private final SourceHttp http;
  private final FhirContext fhir;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  SourceCapabilities(SourceHttp http, FhirContext fhir, Clock clock, Duration ttl) {
    this.http = http;
    this.fhir = fhir;
    this.clock = clock;
    this.ttl = ttl;
  }

  Known of(SourceEndpoint source, SourceQuery query) {
    String key = source.organisationId() + "\n" + source.baseUrl();
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.known();
    }
    Known known = read(source, query);
    Duration keep =
        known.searchable() == null && UNKNOWN_FOR.compareTo(ttl) < 0 ? UNKNOWN_FOR : ttl;
    cache.put(key, new Cached(known, now.plus(keep)));
    return known;
  }

  private Known read(SourceEndpoint source, SourceQuery query) {
    try {
      SourceHttp.Response response =
          http.getOnce(
              source, query, URI.create(FhirRestSourceConnector.base(source) + "/metadata"));
      if (response.status() != 200) {
        return new Known(null);
      }
      IBaseResource parsed =
          fhir.newJsonParser().parseResource(new String(response.body(), StandardCharsets.UTF_8));
      if (!(parsed instanceof CapabilityStatement statement)) {
        return new Known(null);
      }
      Set<String> searchable = new HashSet<>();
      for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
        if (rest.getMode() != CapabilityStatement.RestfulCapabilityMode.SERVER) {
          continue;
        }
        for (CapabilityStatement.CapabilityStatementRestResourceComponent resource :
            rest.getResource()) {
          boolean search =
              !resource.hasInteraction()
                  || resource.getInteraction().stream()
                      .anyMatch(
                          i ->
                              i.getCode() == CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
          if (search && resource.hasType()) {
            searchable.add(resource.getType());
          }
        }
      }
      return new Known(Set.copyOf(searchable));
    } catch (RuntimeException unreadable) {
      // Not fatal: the types are then called and a 404 means "not offered".
      return new Known(null);
    }
  }
}
