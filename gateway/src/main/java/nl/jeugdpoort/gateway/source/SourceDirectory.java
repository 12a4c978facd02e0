package nl.jeugdpoort.gateway.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import nl.jeugdpoort.connectors.RequestSigner;
import nl.jeugdpoort.connectors.SourceAuth;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.GatewayKeys;

/** Finds where a source organisation's system answers, from the organisation table. */
@ApplicationScoped
public class SourceDirectory {
  @Inject Database database;
  @Inject SelfAddress self;
  @Inject GatewayKeys keys;

  public Optional<OrganisationEntity> organisation(String id) {
    return Optional.ofNullable(
        id == null ? null : database.read(em -> em.find(OrganisationEntity.class, id)));
  }

  /**
   * The endpoint of a source, or empty when the organisation is unknown or deactivated, holds no
   * data or its authentication settings are incomplete (fail closed). Every call carries a context
   * header signed with the gateway's key; with mode {@code smart-backend} the gateway also gets an
   * access token from the source (docs/sources.md).
   */
  public Optional<SourceEndpoint> endpoint(String organisationId) {
    // A deactivated organisation (issue #18) is asked for nothing.
    Optional<OrganisationEntity> organisation =
        organisation(organisationId).filter(o -> o.fhirBaseUrl() != null && o.active());
    if (organisation.isEmpty()) {
      return Optional.empty();
    }
    OrganisationEntity o = organisation.get();
    String url = o.fhirBaseUrl();
    Optional<String> base =
        url.startsWith("/") ? self.baseUrl().map(b -> b + url) : Optional.of(url);
    Optional<SourceAuth> auth = auth(o);
    if (base.isEmpty() || auth.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceEndpoint(
            organisationId, URI.create(base.get()), auth.get(), keys.requestSigner()));
  }

  /**
   * The source's authentication from its row, or empty when the mode is unknown or its settings
   * incomplete.
   */
  static Optional<SourceAuth> auth(OrganisationEntity o, RequestSigner signer) {
    String mode = o.sourceAuthMode();
    if (mode == null || mode.isBlank() || "none".equals(mode)) {
      return Optional.of(SourceAuth.none());
    }
    if ("smart-backend".equals(mode) && o.sourceTokenUrl() != null && o.sourceClientId() != null) {
      try {
        URI tokenUrl = URI.create(o.sourceTokenUrl());
        if (tokenUrl.isAbsolute()) {
          return Optional.of(
              new SourceAuth.SmartBackend(tokenUrl, o.sourceClientId(), o.sourceScope(), signer));
        }
      } catch (IllegalArgumentException malformed) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private Optional<SourceAuth> auth(OrganisationEntity o) {
    return auth(o, keys.requestSigner());
  }

  /** The organisation's display name, or its id. */
  public String name(String organisationId) {
    return organisation(organisationId).map(OrganisationEntity::name).orElse(organisationId);
  }
}
