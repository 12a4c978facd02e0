package nl.jeugdpoort.gateway.demo;

import java.time.LocalDate;

/**
 * A demo login: printed at start and documented in docs/demo.md. Family accounts also carry how the
 * person relates to the youth ({@code youth}, {@code authority-holder}, {@code representative}) and
 * the youth's birth date, first name, and the person's family role ({@code mother}, {@code father},
 * {@code guardian}, {@code curator}, {@code mentor}; null for the youth).
 */
public record DemoAccount(
    String username,
    String password,
    String displayName,
    String role,
    String organisationId,
    String personRef,
    String youthBsn,
    String familyRelation,
    LocalDate youthBirthDate,
    String youthGivenName,
    String familyRole) {

  /** A professional, privacy officer or administrator. */
  public DemoAccount(
      String username,
      String password,
      String displayName,
      String role,
      String organisationId,
      String personRef,
      String youthBsn) {
    this(
        username,
        password,
        displayName,
        role,
        organisationId,
        personRef,
        youthBsn,
        null,
        null,
        null,
        null);
  }
}
