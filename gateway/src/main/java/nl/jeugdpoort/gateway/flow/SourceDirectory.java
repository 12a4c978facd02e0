package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;

/** Finds where a source organisation's system answers, from the organisation table. */
@ApplicationScoped
public class SourceDirectory {
  @Inject Database database;
  @Inject SelfAddress self;

  public Optional<OrganisationEntity> organisation(String id) {
    return Optional.ofNullable(id == null ? null : database.read(em -> em.find(OrganisationEntity.class, id)));
  }

  /** The endpoint of a source, or empty when the organisation is unknown or holds no data. */
  public Optional<SourceEndpoint> endpoint(String organisationId) {
    return organisation(organisationId)
        .filter(o -> o.fhirBaseUrl() != null)
        .flatMap(o -> {
          String url = o.fhirBaseUrl();
          if (url.startsWith("/")) {
            return self.baseUrl().map(base -> base + url);
          }
          return Optional.of(url);
        })
        .map(url -> new SourceEndpoint(organisationId, URI.create(url)));
  }

  /** The organisation's display name, or its id. */
  public String name(String organisationId) {
    return organisation(organisationId).map(OrganisationEntity::name).orElse(organisationId);
  }
}
