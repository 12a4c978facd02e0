package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who logs in: professional, family member, privacy officer, administrator. */
@Entity
@Table(name = "account")
public class AccountEntity {
  @Id
  private String username;

  /** Shiro 2 crypt format (argon2id); never the password itself. */
  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  @Column(nullable = false)
  private String role;

  @Column(name = "organisation_id")
  private String organisationId;

  /** For family members: their person id at the source (RelatedPerson or Patient). */
  @Column(name = "person_ref")
  private String personRef;

  /** For family members: the youth they belong to. */
  @Column(name = "youth_bsn")
  private String youthBsn;

  protected AccountEntity() {}

  public AccountEntity(
      String username, String passwordHash, String displayName, String role, String organisationId,
      String personRef, String youthBsn) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.displayName = displayName;
    this.role = role;
    this.organisationId = organisationId;
    this.personRef = personRef;
    this.youthBsn = youthBsn;
  }

  public String username() {
    return username;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public String displayName() {
    return displayName;
  }

  public String role() {
    return role;
  }

  public String organisationId() {
    return organisationId;
  }

  public String personRef() {
    return personRef;
  }

  public String youthBsn() {
    return youthBsn;
  }
}
