package nl.jeugdpoort.connectors;

import java.net.URI;
import java.util.Objects;

/**
 * Where a source organisation's system answers.
 *
 * @param organisationId the organisation's id in Jeugdpoort
 * @param baseUrl the FHIR base URL of its system
 */
public record SourceEndpoint(String organisationId, URI baseUrl) {
  public SourceEndpoint {
    Objects.requireNonNull(organisationId, "organisationId");
    Objects.requireNonNull(baseUrl, "baseUrl");
  }
}
