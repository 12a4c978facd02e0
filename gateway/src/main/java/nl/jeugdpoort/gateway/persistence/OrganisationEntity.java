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
}
