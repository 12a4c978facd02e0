package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An organisation taking part: requester, source or both. */
@Entity
@Table(name = "organisation")
public class OrganisationEntity {
  @Id
  private String id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String kind;

  /** FHIR base URL of its system; a path starting with '/' is served by this gateway (demo sources). */
  @Column(name = "fhir_base_url")
  private String fhirBaseUrl;

  /**
   * How the gateway authenticates to its system: null or {@code none}, or {@code smart-backend} (SMART Backend
   * Services with the gateway's key; then token URL and client id are required). See docs/sources.md.
   */
  @Column(name = "source_auth_mode")
  private String sourceAuthMode;

  /** The source's token endpoint (smart-backend). */
  @Column(name = "source_token_url")
  private String sourceTokenUrl;

  /** The gateway's client id at the source (smart-backend). */
  @Column(name = "source_client_id")
  private String sourceClientId;

  /** The scope asked for at the source's token endpoint (smart-backend); may be null. */
  @Column(name = "source_scope")
  private String sourceScope;

  protected OrganisationEntity() {}

  public OrganisationEntity(String id, String name, String kind, String fhirBaseUrl) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.fhirBaseUrl = fhirBaseUrl;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String kind() {
    return kind;
  }

  public String fhirBaseUrl() {
    return fhirBaseUrl;
  }

  public String sourceAuthMode() {
    return sourceAuthMode;
  }

  public String sourceTokenUrl() {
    return sourceTokenUrl;
  }

  public String sourceClientId() {
    return sourceClientId;
  }

  public String sourceScope() {
    return sourceScope;
  }

  /** Sets how the gateway authenticates to this organisation's system (mode null/none or smart-backend). */
  public OrganisationEntity sourceAuth(String mode, String tokenUrl, String clientId, String scope) {
    this.sourceAuthMode = mode;
    this.sourceTokenUrl = tokenUrl;
    this.sourceClientId = clientId;
    this.sourceScope = scope;
    return this;
  }
}
