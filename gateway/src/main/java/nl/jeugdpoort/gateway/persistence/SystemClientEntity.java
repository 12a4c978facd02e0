package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An organisation's system registered for SMART Backend Services: its public keys (JWKS), the
 * organisation it acts for, the role it acts in and the scopes it may be granted. Registered and
 * revoked by an administrator; never deleted (revocation sets {@code revoked_at}).
 */
@Entity
@Table(name = "system_client")
public class SystemClientEntity {
  @Id
  @Column(name = "client_id")
  private String clientId;

  @Column(name = "organisation_id", nullable = false)
  private String organisationId;

  @Column(name = "acting_role", nullable = false)
  private String actingRole;

  /** Space-separated SMART scopes, e.g. {@code system/Task.cr system/Bundle.r}. */
  @Column(nullable = false)
  private String scopes;

  @Lob
  @Column(nullable = false)
  private String jwks;

  @Column(name = "registered_by", nullable = false)
  private String registeredBy;

  @Column(name = "registered_at", nullable = false)
  private Instant registeredAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected SystemClientEntity() {}

  public SystemClientEntity(
      String clientId,
      String organisationId,
      String actingRole,
      String scopes,
      String jwks,
      String registeredBy,
      Instant registeredAt) {
    this.clientId = clientId;
    this.organisationId = organisationId;
    this.actingRole = actingRole;
    this.scopes = scopes;
    this.jwks = jwks;
    this.registeredBy = registeredBy;
    this.registeredAt = registeredAt;
  }

  public String clientId() {
    return clientId;
  }

  public String organisationId() {
    return organisationId;
  }

  public String actingRole() {
    return actingRole;
  }

  public List<String> scopes() {
    return Arrays.asList(scopes.split(" "));
  }

  public String jwks() {
    return jwks;
  }

  public String registeredBy() {
    return registeredBy;
  }

  public Instant registeredAt() {
    return registeredAt;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public boolean active() {
    return revokedAt == null;
  }

  public void revoke(Instant at) {
    this.revokedAt = at;
  }
}
