package nl.jeugdpoort.gateway.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.Passwords;
import nl.jeugdpoort.gateway.security.SecurityAudit;

/**
 * The first administrator of a gateway that has none (issue #18, item 1). At a start without an
 * active administrator account, this node makes a one-time set-up token (256 random bits), prints
 * it in the start-up log and keeps only its SHA-256 hash in memory. {@code POST /api/setup} with
 * that token makes the first administrator with a password of their own choosing; after that (or a
 * restart, which prints a new token) the token is worthless, and the endpoint answers 409 once an
 * administrator exists.
 */
@ApplicationScoped
public class Setup {
  private static final Logger LOG = Logger.getLogger(Setup.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Database database;
  @Inject AuditLog audit;

  private volatile byte[] tokenHash;

  /**
   * At start-up (called by the admin front's observer): a new token in the banner when no
   * administrator exists.
   */
  public void announce(StringBuilder banner) {
    if (administratorExists()) {
      return;
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    tokenHash = sha256(token);
    banner
        .append(
            "No administrator yet. Make the first one, once, with this set-up token (docs/onboarding.md):\n")
        .append(
            "  curl -X POST <gateway>/api/setup -H 'Content-Type: application/json' -d '{\"token\":\"")
        .append(token)
        .append("\",\"username\":\"…\",\"displayName\":\"…\",\"password\":\"…\"}'\n")
        .append(
            "  The token is valid until the first administrator exists or the gateway restarts.\n");
    LOG.warning(
        "Jeugdpoort: no administrator account exists; a one-time set-up token is in the start-up banner");
  }

  /**
   * Makes the first administrator, if {@code token} is this node's set-up token and none exists
   * yet.
   */
  public synchronized AccountEntity firstAdministrator(
      String token, String username, String displayName, String password, String from) {
    if (administratorExists()) {
      throw Problems.conflict(
          "The gateway has an administrator already; the set-up token is no longer valid.");
    }
    byte[] expected = tokenHash;
    if (token == null || expected == null || !MessageDigest.isEqual(expected, sha256(token))) {
      throw Problems.forbidden("token: not this gateway's set-up token (see its start-up log)");
    }
    List<String> problems = new ArrayList<>();
    if (username == null || !Accounts.USERNAME.matcher(username).matches()) {
      problems.add(
          "username: 2 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
      problems.add("displayName: 1 to 200 characters");
    }
    Accounts.passwordProblem(username, password)
        .ifPresent(p -> problems.add(p.replace("newPassword", "password")));
    if (!problems.isEmpty()) {
      throw Problems.invalid(problems);
    }
    String hash = new Passwords().encryptPassword(password);
    AccountEntity admin =
        new AccountEntity(
            username, hash, displayName.strip(), AuthenticatedUser.ADMINISTRATOR, null, null, null);
    boolean made =
        database.write(
            em -> {
              if (em.find(AccountEntity.class, username) != null) {
                return false;
              }
              em.persist(admin);
              audit.append(
                  em,
                  AuditRecord.of(
                          "C",
                          "administrator-set-up",
                          "success",
                          new AuditRecord.Actor(
                              username, AuthenticatedUser.ADMINISTRATOR, null, null))
                      .withAccessPoint(from)
                      .withDetail(
                          "first administrator " + username + " made with the set-up token"));
              return true;
            });
    if (!made) {
      throw Problems.conflict(
          "username: '" + SecurityAudit.printable(username) + "' exists already");
    }
    tokenHash = null;
    return admin;
  }

  boolean administratorExists() {
    return database.read(
            em ->
                em.createQuery(
                        "select count(a) from AccountEntity a where a.role = :r and a.disabledAt is null",
                        Long.class)
                    .setParameter("r", AuthenticatedUser.ADMINISTRATOR)
                    .getSingleResult())
        > 0;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
