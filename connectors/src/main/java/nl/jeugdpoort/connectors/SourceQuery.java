package nl.jeugdpoort.connectors;

import java.util.Map;
import java.util.Objects;

/**
 * What the gateway asks a source. The purpose and explanation travel with every call so the source can
 * weigh the request on its own professional grounds (rule P6).
 *
 * @param requestId the gateway's request id, sent along for correlation
 * @param youthBsn the youth's BSN
 * @param categories the data categories wanted, each with the FHIR resource type that carries it
 * @param purpose the purpose code
 * @param explanation the requester's explanation
 * @param requesterOrganisationId the organisation that asks
 */
public record SourceQuery(
    String requestId,
    String youthBsn,
    Map<String, String> categories,
    String purpose,
    String explanation,
    String requesterOrganisationId) {

  public SourceQuery {
    Objects.requireNonNull(youthBsn, "youthBsn");
    categories = categories == null ? Map.of() : Map.copyOf(categories);
  }
}
