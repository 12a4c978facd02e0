package nl.jeugdpoort.gateway.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.FamilyActivationEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.LoginThrottle;
import nl.jeugdpoort.gateway.security.Passwords;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Families get in without an administrator (issue #18, item 5). A parent, guardian, representative
 * or youth of 12 or older who was sent a notice can make their own family account with an
 * activation code: a link in their first notice e-mail, or a code a professional of the requesting
 * or the source organisation makes and hands over. A code is single-use, valid {@code
 * jeugdpoort.activation.lifetime} (default 14 days), and bound to that person at the source and the
 * youth's BSN (both taken from the notice, never from the family). Only its SHA-256 hash is stored;
 * making and using one is audited.
 */
@ApplicationScoped
public class FamilyActivations {
  /**
   * 32 letters and digits that cannot be confused; 12 of them (60 bits), shown as XXXX-XXXX-XXXX.
   */
  private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The name under which wrong codes are counted by {@link LoginThrottle}. */
  static final String THROTTLE_NAME = "(activation code)";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject LoginThrottle throttle;

  @Inject
  @ConfigProperty(name = "jeugdpoort.activation.lifetime", defaultValue = "P14D")
  String lifetime;

  /** A code just made (shown once) and until when it works. */
  public record Code(String code, Instant expiresAt) {}

  /**
   * The code for the link in a notice e-mail: only in the e-mail of the first notice to a person
   * who has no account and may have one (not a youth under 12); a new code each time that e-mail is
   * sent. Empty otherwise.
   */
  public Optional<Code> forFirstEmail(String noticeId) {
    return database.write(
        em -> {
          NoticeEntity n = em.find(NoticeEntity.class, noticeId);
          DataRequestEntity r = n == null ? null : em.find(DataRequestEntity.class, n.requestId());
          if (r == null || !mayHaveAccount(n) || hasAccount(em, n.recipientRef(), r.youthBsn())) {
            return Optional.<Code>empty();
          }
          // Another notice's e-mail carried a link already. The same notice's e-mail sent again (a
          // retry after a failed
          // attempt, or after a crash) gets a new code: the one made for the earlier attempt may
          // never have arrived.
          long earlier =
              em.createQuery(
                      "select count(f) from FamilyActivationEntity f where f.personRef = :p and f.youthBsn = :b "
                          + "and f.channel = :email and f.noticeId <> :n",
                      Long.class)
                  .setParameter("p", n.recipientRef())
                  .setParameter("b", r.youthBsn())
                  .setParameter("email", FamilyActivationEntity.EMAIL)
                  .setParameter("n", n.id())
                  .getSingleResult();
          if (earlier > 0) {
            return Optional.<Code>empty();
          }
          Code code = mint(em, n, r, FamilyActivationEntity.EMAIL, "notice-email");
          audit.append(
              em,
              AuditRecord.of(
                      "C", "family-activation-issued", "success", AuditRecord.Actor.system(null))
                  .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                  .withDetail(
                      "activation link in the e-mail of notice "
                          + n.id()
                          + " for "
                          + n.recipientRef()
                          + ", valid until "
                          + code.expiresAt()));
          return Optional.of(code);
        });
  }

  /**
   * A code a professional hands over to the person a notice went to: by a professional of the
   * requesting or the source organisation of that notice's request. 404 for any other caller or an
   * unknown notice (nothing is revealed), 409 when the person has an account already or may not
   * have one.
   */
  public Code issue(String noticeId, AuthenticatedUser professional, String from) {
    return database.write(
        em -> {
          NoticeEntity n =
              noticeId == null || noticeId.length() > 36
                  ? null
                  : em.find(NoticeEntity.class, noticeId);
          DataRequestEntity r = n == null ? null : em.find(DataRequestEntity.class, n.requestId());
          boolean involved =
              r != null
                  && professional.isProfessional()
                  && (professional.organisationId().equals(r.requesterOrg())
                      || professional.organisationId().equals(r.sourceOrg()));
          if (!involved) {
            throw Problems.notFound(
                "No notice '"
                    + SecurityAudit.printable(noticeId)
                    + "' of a request of your organisation.");
          }
          if (!mayHaveAccount(n)) {
            throw Problems.conflict(
                "This person cannot have a family account (a youth under 12 is represented by the parents).");
          }
          if (hasAccount(em, n.recipientRef(), r.youthBsn())) {
            throw Problems.conflict("This person has a family account already.");
          }
          Code code = mint(em, n, r, FamilyActivationEntity.CODE, professional.username());
          audit.append(
              em,
              AuditRecord.of(
                      "C", "family-activation-issued", "success", SecurityAudit.actor(professional))
                  .withAccessPoint(from)
                  .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                  .withDetail(
                      "activation code for "
                          + n.recipientRef()
                          + " (notice "
                          + n.id()
                          + "), valid until "
                          + code.expiresAt()));
          return code;
        });
  }

  /**
   * Makes the family account for the code's person and youth, with a password of their choosing;
   * the code is used up. Every refusal of the code itself reads the same ("unknown, used or
   * expired").
   */
  public AccountEntity activate(String code, String username, String password, String from) {
    List<String> problems = new ArrayList<>();
    if (username == null || !Accounts.USERNAME.matcher(username).matches()) {
      problems.add(
          "username: 2 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }
    Accounts.passwordProblem(username, password)
        .ifPresent(p -> problems.add(p.replace("newPassword", "password")));
    // Guessing codes is slowed like guessing passwords: per address, under one name.
    if (throttle.check(THROTTLE_NAME, from).isPresent()) {
      throw Problems.forbidden(
          "code: unknown, used or expired (too many attempts from this address; wait a little)");
    }
    String hash = code == null || code.length() > 40 ? null : hash(normal(code));
    Instant now = clock.instant();
    FamilyActivationEntity known =
        hash == null ? null : database.read(em -> em.find(FamilyActivationEntity.class, hash));
    if (known == null || !known.usableAt(now)) {
      throttle.failed(THROTTLE_NAME, from);
      throw Problems.forbidden("code: unknown, used or expired");
    }
    if (!problems.isEmpty()) {
      throw Problems.invalid(problems);
    }
    String passwordHash = new Passwords().encryptPassword(password);
    return database.write(
        em -> {
          FamilyActivationEntity a = em.find(FamilyActivationEntity.class, hash);
          if (a == null || !a.usableAt(now)) {
            throw Problems.forbidden("code: unknown, used or expired");
          }
          if (hasAccount(em, a.personRef(), a.youthBsn())) {
            throw Problems.conflict(
                "code: this person has a family account already; log in with it");
          }
          if (em.find(AccountEntity.class, username) != null) {
            throw Problems.conflict("username: '" + username + "' is taken; choose another");
          }
          NoticeEntity n = em.find(NoticeEntity.class, a.noticeId());
          AccountEntity account =
              new AccountEntity(
                  username,
                  passwordHash,
                  n.recipientName() == null ? username : n.recipientName(),
                  AuthenticatedUser.FAMILY_MEMBER,
                  null,
                  a.personRef(),
                  a.youthBsn());
          account.family(relation(n.recipientRelation()), n.youthBirthDate());
          boolean youth = "YOUTH".equals(n.recipientRelation());
          account.names(
              n.youthFirstName(),
              youth || n.recipientRole() == null
                  ? null
                  : n.recipientRole().toLowerCase(Locale.ROOT));
          em.persist(account);
          a.used(now, username);
          audit.append(
              em,
              AuditRecord.of(
                      "C",
                      "family-account-activated",
                      "success",
                      new AuditRecord.Actor(username, AuthenticatedUser.FAMILY_MEMBER, null, null))
                  .withAccessPoint(from)
                  .withDetail(
                      "family account "
                          + username
                          + " for "
                          + a.personRef()
                          + " made with an activation "
                          + (FamilyActivationEntity.EMAIL.equals(a.channel())
                              ? "link from an e-mail"
                              : "code from " + a.createdBy())));
          return account;
        });
  }

  /**
   * The lines the first notice e-mail ends with (plain Dutch, for the family): the activation link
   * and until when it works.
   */
  public String invitation(Code code, String portalUrl) {
    String base = portalUrl.endsWith("/") ? portalUrl : portalUrl + "/";
    return "\n\nHeeft u nog geen account bij Jeugdpoort? Dan kunt u er zelf een maken met deze link:\n"
        + base
        + "activeren?code="
        + code.code()
        + "\n"
        + "De link werkt één keer. U kunt hem gebruiken tot "
        + nl.jeugdpoort.gateway.text.Dutch.date(code.expiresAt())
        + ".\n"
        + "Met een account leest u uw berichten in Jeugdpoort en ziet u wat er over uw gezin is gedeeld.\n";
  }

  /** Parents, guardians and representatives; a youth only from 12 (as the portal's rules, F3). */
  private boolean mayHaveAccount(NoticeEntity n) {
    if (!"YOUTH".equals(n.recipientRelation())) {
      return "AUTHORITY_HOLDER".equals(n.recipientRelation())
          || "REPRESENTATIVE".equals(n.recipientRelation());
    }
    LocalDate birth = n.youthBirthDate();
    return birth != null
        && Period.between(
                    birth, LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Amsterdam"))))
                .getYears()
            >= 12;
  }

  private static boolean hasAccount(
      jakarta.persistence.EntityManager em, String personRef, String youthBsn) {
    return em.createQuery(
                "select count(a) from AccountEntity a where a.personRef = :p and a.youthBsn = :b",
                Long.class)
            .setParameter("p", personRef)
            .setParameter("b", youthBsn)
            .getSingleResult()
        > 0;
  }

  private Code mint(
      jakarta.persistence.EntityManager em,
      NoticeEntity n,
      DataRequestEntity r,
      String channel,
      String by) {
    char[] raw = new char[12];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    String plain = new String(raw);
    Instant now = clock.instant();
    Instant expires = now.plus(Duration.parse(lifetime));
    em.persist(
        new FamilyActivationEntity(
            hash(plain), n.id(), n.recipientRef(), r.youthBsn(), channel, by, now, expires));
    return new Code(
        plain.substring(0, 4) + "-" + plain.substring(4, 8) + "-" + plain.substring(8), expires);
  }

  /** The code as typed: case, spaces and dashes do not matter. */
  static String normal(String code) {
    return code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
  }

  private static String relation(String policyRelation) {
    return policyRelation == null
        ? null
        : policyRelation.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String hash(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
