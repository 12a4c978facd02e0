package nl.jeugdpoort.connectors;

import java.util.Objects;
import java.util.Set;

/**
 * What the gateway asks a source. The purpose and explanation travel with every call so the source
 * can weigh the request on its own professional grounds (rule P6).
 *
 * @param requestId the gateway's request id, sent along for correlation
 * @param youthBsn the youth's BSN
 * @param patientId the one Patient id found for the BSN at lookup, or null; when set, a fetch first
 *     checks that the BSN still resolves to exactly this Patient and then uses only it (C5)
 * @param resourceTypes the FHIR resource types to read for the youth (e.g. {@code CarePlan});
 *     {@code Patient} means the youth's Patient itself
 * @param maxItemsPerType the most items read per type; 0 or less means the connector's setting
 * @param purpose the purpose code
 * @param explanation the requester's explanation
 * @param requesterOrganisationId the organisation that asks
 * @param trace the W3C trace the request belongs to, or null; every call to the source carries it
 *     with a span of its own ({@code traceparent})
 */
public record SourceQuery(
    String requestId,
    String youthBsn,
    String patientId,
    Set<String> resourceTypes,
    int maxItemsPerType,
    String purpose,
    String explanation,
    String requesterOrganisationId,
    TraceContext trace) {

  public SourceQuery {
    Objects.requireNonNull(youthBsn, "youthBsn");
    resourceTypes = resourceTypes == null ? Set.of() : Set.copyOf(resourceTypes);
  }

  /** A query outside any trace. */
  public SourceQuery(
      String requestId,
      String youthBsn,
      String patientId,
      Set<String> resourceTypes,
      int maxItemsPerType,
      String purpose,
      String explanation,
      String requesterOrganisationId) {
    this(
        requestId,
        youthBsn,
        patientId,
        resourceTypes,
        maxItemsPerType,
        purpose,
        explanation,
        requesterOrganisationId,
        null);
  }
}
