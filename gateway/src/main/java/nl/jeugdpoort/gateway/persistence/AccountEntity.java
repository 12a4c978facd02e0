package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who logs in: professional, family member, privacy officer, administrator. */
@Entity
@Table(name = "account")
public class AccountEntity {
  @Id private String username;

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

  /** For family members: youth, authority-holder or representative (rule F3). */
  @Column(name = "family_relation")
  private String familyRelation;

  /** For family members: the youth's birth date (rules C2, F3). */
  @Column(name = "youth_birth_date")
  private java.time.LocalDate youthBirthDate;

  /** For family members: the youth's first name, for the pages ("moeder van Thijs"). */
  @Column(name = "youth_given_name")
  private String youthGivenName;

  /**
   * For family members: mother, father, guardian, curator, mentor or parent; null for the youth.
   */
  @Column(name = "family_role")
  private String familyRole;

  /** Failed logins in a row (reset by a successful one). */
  @Column(name = "failed_logins", nullable = false)
  private int failedLogins;

  /** While in the future, the account cannot log in (lockout after repeated failures). */
  @Column(name = "locked_until")
  private java.time.Instant lockedUntil;

  /**
   * Set when the account was disabled: it stays for the history, but cannot log in (migration V14).
   */
  @Column(name = "disabled_at")
  private java.time.Instant disabledAt;

  /**
   * A password set by an administrator (new account, reset) must be changed before anything else.
   */
  @Column(name = "must_change_password", nullable = false)
  private boolean mustChangePassword;

  /**
   * The OpenID Connect provider's subject for this person, when they log in through it (issue #18).
   */
  @Column(name = "oidc_subject")
  private String oidcSubject;

  protected AccountEntity() {}

  public AccountEntity(
      String username,
      String passwordHash,
      String displayName,
      String role,
      String organisationId,
      String personRef,
      String youthBsn) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.displayName = displayName;
    this.role = role;
    this.organisationId = organisationId;
    this.personRef = personRef;
    this.youthBsn = youthBsn;
  }

  /** Records how a family member relates to the youth, and the youth's birth date. */
  public void family(String relation, java.time.LocalDate birthDate) {
    this.familyRelation = relation;
    this.youthBirthDate = birthDate;
  }

  /** The youth's first name and how the person is related to them (issue #13, migration V9). */
  public void names(String youthGivenName, String familyRole) {
    this.youthGivenName = youthGivenName;
    this.familyRole = familyRole;
  }

  public String youthGivenName() {
    return youthGivenName;
  }

  public String familyRole() {
    return familyRole;
  }

  public String familyRelation() {
    return familyRelation;
  }

  public java.time.LocalDate youthBirthDate() {
    return youthBirthDate;
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

  public int failedLogins() {
    return failedLogins;
  }

  public java.time.Instant lockedUntil() {
    return lockedUntil;
  }

  public boolean lockedAt(java.time.Instant now) {
    return lockedUntil != null && lockedUntil.isAfter(now);
  }

  /**
   * Counts a failed login; locks the account for {@code lockFor} when {@code maxFailures} is
   * reached.
   */
  public void loginFailed(java.time.Instant now, int maxFailures, java.time.Duration lockFor) {
    failedLogins++;
    if (failedLogins >= maxFailures) {
      lockedUntil = now.plus(lockFor);
      failedLogins = 0;
    }
  }

  public java.time.Instant disabledAt() {
    return disabledAt;
  }

  public boolean disabled() {
    return disabledAt != null;
  }

  public String oidcSubject() {
    return oidcSubject;
  }

  /** Links (or, with null, unlinks) the OpenID Connect provider's subject. */
  public void oidcSubject(String subject) {
    this.oidcSubject = subject;
  }

  public boolean mustChangePassword() {
    return mustChangePassword;
  }

  public void disable(java.time.Instant at) {
    this.disabledAt = at;
  }

  public void enable() {
    this.disabledAt = null;
  }

  /** A new password hash; {@code mustChange} when someone else chose it (an administrator). */
  public void password(String hash, boolean mustChange) {
    this.passwordHash = hash;
    this.mustChangePassword = mustChange;
    this.failedLogins = 0;
    this.lockedUntil = null;
  }

  /** Another role or organisation (by an administrator). */
  public void assign(String role, String organisationId, String displayName) {
    this.role = role;
    this.organisationId = organisationId;
    this.displayName = displayName;
  }

  public void loginSucceeded() {
    failedLogins = 0;
    lockedUntil = null;
  }
}
