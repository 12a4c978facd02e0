package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An organisation taking part: requester, source or both. */
@Entity
@Table(name = "organisation")
public class OrganisationEntity {
  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String kind;

  /**
   * FHIR base URL of its system; a path starting with '/' is served by this gateway (demo sources).
   */
  @Column(name = "fhir_base_url")
  private String fhirBaseUrl;

  /**
   * How the gateway authenticates to its system: null or {@code none}, or {@code smart-backend}
   * (SMART Backend Services with the gateway's key; then token URL and client id are required). See
   * docs/sources.md.
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

  /** The kind of its real identifier: kvk, oin, agb or ura (migration V14; docs/onboarding.md). */
  @Column(name = "identifier_type")
  private String identifierType;

  @Column(name = "identifier_value")
  private String identifierValue;

  @Column(name = "privacy_officer_name")
  private String privacyOfficerName;

  @Column(name = "privacy_officer_email")
  private String privacyOfficerEmail;

  @Column(name = "privacy_officer_phone")
  private String privacyOfficerPhone;

  /**
   * Set when an administrator deactivated it: it stays for the history, but takes part no longer.
   */
  @Column(name = "deactivated_at")
  private java.time.Instant deactivatedAt;

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

  public String identifierType() {
    return identifierType;
  }

  public String identifierValue() {
    return identifierValue;
  }

  public String privacyOfficerName() {
    return privacyOfficerName;
  }

  public String privacyOfficerEmail() {
    return privacyOfficerEmail;
  }

  public String privacyOfficerPhone() {
    return privacyOfficerPhone;
  }

  public java.time.Instant deactivatedAt() {
    return deactivatedAt;
  }

  public boolean active() {
    return deactivatedAt == null;
  }

  /** Name, kind and FHIR base URL (changed by an administrator). */
  public OrganisationEntity describe(String name, String kind, String fhirBaseUrl) {
    this.name = name;
    this.kind = kind;
    this.fhirBaseUrl = fhirBaseUrl;
    return this;
  }

  /** Its real identifier (type kvk, oin, agb or ura, and the number). */
  public OrganisationEntity identifier(String type, String value) {
    this.identifierType = type;
    this.identifierValue = value;
    return this;
  }

  /** How its privacy officer is reached. */
  public OrganisationEntity privacyOfficer(String name, String email, String phone) {
    this.privacyOfficerName = name;
    this.privacyOfficerEmail = email;
    this.privacyOfficerPhone = phone;
    return this;
  }

  public void deactivate(java.time.Instant at) {
    this.deactivatedAt = at;
  }

  /**
   * Sets how the gateway authenticates to this organisation's system (mode null/none or
   * smart-backend).
   */
  public OrganisationEntity sourceAuth(
      String mode, String tokenUrl, String clientId, String scope) {
    this.sourceAuthMode = mode;
    this.sourceTokenUrl = tokenUrl;
    this.sourceClientId = clientId;
    this.sourceScope = scope;
    return this;
  }
}
