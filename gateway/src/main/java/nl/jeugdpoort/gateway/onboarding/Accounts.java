package nl.jeugdpoort.gateway.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.Passwords;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.policy.catalogue.OrganisationKind;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * People's accounts (issue #18, item 4): created, assigned, disabled, enabled and given a new
 * temporary password by the administrator, or by an organisation administrator for the people of
 * its own organisation only. A password chosen by someone else must be changed at the first login.
 * A requester role must fit the kind of the organisation (catalogue {@code organisationKinds}).
 * Family accounts are not made here. Every change is audited.
 */
@ApplicationScoped
public class Accounts {
  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}");
  public static final int MIN_PASSWORD = 12;
  public static final int MAX_PASSWORD = 128;
  private static final char[] ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject PurposeCatalogue catalogue;
  @Inject Clock clock;

  /** An account with the temporary password it was just given (shown once, never stored). */
  public record WithPassword(AccountEntity account, String temporaryPassword) {}

  /**
   * The accounts the caller manages: all but family members' for the administrator, its own
   * organisation's otherwise.
   */
  public List<AccountEntity> managedBy(AuthenticatedUser actor) {
    mayManage(actor);
    return database.read(
        em ->
            (actor.isAdministrator()
                    ? em.createQuery(
                        "select a from AccountEntity a where a.role <> :f order by a.username",
                        AccountEntity.class)
                    : em.createQuery(
                            "select a from AccountEntity a where a.role <> :f and a.organisationId = :o order by a.username",
                            AccountEntity.class)
                        .setParameter("o", actor.organisationId()))
                .setParameter("f", AuthenticatedUser.FAMILY_MEMBER)
                .getResultList());
  }

  public AccountEntity get(String username, AuthenticatedUser actor) {
    mayManage(actor);
    return managed(
        username == null || username.length() > 64
            ? null
            : database.read(em -> em.find(AccountEntity.class, username)),
        username,
        actor);
  }

  public WithPassword create(AccountInput in, AuthenticatedUser actor, String from) {
    mayManage(actor);
    List<String> problems = new ArrayList<>();
    if (in.username() == null || !USERNAME.matcher(in.username()).matches()) {
      problems.add(
          "username: 2 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }
    problems.addAll(check(in, actor));
    if (!problems.isEmpty()) {
      throw Problems.invalid(problems);
    }
    String password = temporaryPassword();
    // Hash outside the write transaction: argon2id is deliberately slow.
    String hash = new Passwords().encryptPassword(password);
    AccountEntity account =
        new AccountEntity(
            in.username(),
            hash,
            in.displayName().strip(),
            in.role(),
            in.organisationId(),
            null,
            null);
    account.password(hash, true);
    boolean stored =
        database.write(
            em -> {
              if (em.find(AccountEntity.class, in.username()) != null) {
                return false;
              }
              em.persist(account);
              audit.append(
                  em,
                  AuditRecord.of("C", "account-created", "success", SecurityAudit.actor(actor))
                      .withAccessPoint(from)
                      .withDetail(
                          "account "
                              + describe(account)
                              + "; temporary password, to be changed at first login"));
              return true;
            });
    if (!stored) {
      throw Problems.conflict("username: '" + in.username() + "' exists already");
    }
    return new WithPassword(account, password);
  }

  /** Another display name, role or organisation for {@code username}. */
  public AccountEntity update(
      String username, AccountInput in, AuthenticatedUser actor, String from) {
    AccountEntity current = get(username, actor);
    List<String> problems = check(in, actor);
    if (!problems.isEmpty()) {
      throw Problems.invalid(problems);
    }
    return database.write(
        em -> {
          AccountEntity a = em.find(AccountEntity.class, current.username());
          String before = describe(a);
          a.assign(in.role(), in.organisationId(), in.displayName().strip());
          audit.append(
              em,
              AuditRecord.of("U", "account-changed", "success", SecurityAudit.actor(actor))
                  .withAccessPoint(from)
                  .withDetail("account " + before + " now " + describe(a)));
          return a;
        });
  }

  public AccountEntity disable(String username, AuthenticatedUser actor, String from) {
    AccountEntity current = get(username, actor);
    if (current.username().equals(actor.username())) {
      throw Problems.conflict("username: you cannot disable your own account");
    }
    return database.write(
        em -> {
          AccountEntity a = em.find(AccountEntity.class, current.username());
          if (!a.disabled()) {
            a.disable(clock.instant());
            audit.append(
                em,
                AuditRecord.of("U", "account-disabled", "success", SecurityAudit.actor(actor))
                    .withAccessPoint(from)
                    .withDetail("account " + describe(a) + " disabled"));
          }
          return a;
        });
  }

  public AccountEntity enable(String username, AuthenticatedUser actor, String from) {
    AccountEntity current = get(username, actor);
    List<String> problems =
        check(
            new AccountInput(
                current.username(),
                current.displayName(),
                current.role(),
                current.organisationId()),
            actor);
    if (!problems.isEmpty()) {
      throw Problems.conflict("the account no longer fits: " + String.join("; ", problems));
    }
    return database.write(
        em -> {
          AccountEntity a = em.find(AccountEntity.class, current.username());
          if (a.disabled()) {
            a.enable();
            audit.append(
                em,
                AuditRecord.of("U", "account-enabled", "success", SecurityAudit.actor(actor))
                    .withAccessPoint(from)
                    .withDetail("account " + describe(a) + " enabled"));
          }
          return a;
        });
  }

  /**
   * Links the OpenID Connect provider's subject to {@code username} (the mapping table of the OIDC
   * login), or unlinks it with null. A subject belongs to one account only. The administrator may
   * also link a family member's account (DigiD through an identity broker, docs/onboarding.md § 7);
   * an organisation administrator only her own organisation's people.
   */
  public AccountEntity linkOidc(
      String username, String subject, AuthenticatedUser actor, String from) {
    mayManage(actor);
    AccountEntity found =
        username == null || username.length() > 64
            ? null
            : database.read(em -> em.find(AccountEntity.class, username));
    AccountEntity current =
        actor.isAdministrator()
                && found != null
                && AuthenticatedUser.FAMILY_MEMBER.equals(found.role())
            ? found
            : managed(found, username, actor);
    if (subject != null && (subject.isBlank() || subject.length() > 255)) {
      throw Problems.invalid(List.of("subject: 1 to 255 characters, or null to unlink"));
    }
    return database.write(
        em -> {
          if (subject != null
              && !em.createQuery(
                      "select a.username from AccountEntity a where a.oidcSubject = :s and a.username <> :u",
                      String.class)
                  .setParameter("s", subject)
                  .setParameter("u", current.username())
                  .getResultList()
                  .isEmpty()) {
            throw Problems.conflict("subject: linked to another account already");
          }
          AccountEntity a = em.find(AccountEntity.class, current.username());
          a.oidcSubject(subject);
          audit.append(
              em,
              AuditRecord.of("U", "account-changed", "success", SecurityAudit.actor(actor))
                  .withAccessPoint(from)
                  .withDetail(
                      "account "
                          + describe(a)
                          + (subject == null
                              ? ": OpenID Connect subject unlinked"
                              : ": OpenID Connect subject "
                                  + SecurityAudit.printable(subject)
                                  + " linked")));
          return a;
        });
  }

  /** A new temporary password (to be changed at the next login); clears the failed-login count. */
  public WithPassword resetPassword(String username, AuthenticatedUser actor, String from) {
    AccountEntity current = get(username, actor);
    String password = temporaryPassword();
    String hash = new Passwords().encryptPassword(password);
    AccountEntity a =
        database.write(
            em -> {
              AccountEntity stored = em.find(AccountEntity.class, current.username());
              stored.password(hash, true);
              audit.append(
                  em,
                  AuditRecord.of("U", "password-reset", "success", SecurityAudit.actor(actor))
                      .withAccessPoint(from)
                      .withDetail(
                          "account "
                              + stored.username()
                              + ": temporary password, to be changed at next login"));
              return stored;
            });
    return new WithPassword(a, password);
  }

  /**
   * The person's own new password, after the old one was checked by the caller (a login with a
   * {@code PasswordChangeToken}): no longer to be changed.
   */
  public void changeOwnPassword(AuthenticatedUser self, String newPassword, String from) {
    passwordProblem(self.username(), newPassword)
        .ifPresent(
            p -> {
              throw Problems.invalid(List.of(p));
            });
    String hash = new Passwords().encryptPassword(newPassword);
    database.write(
        em -> {
          AccountEntity a = em.find(AccountEntity.class, self.username());
          a.password(hash, false);
          audit.append(
              em,
              AuditRecord.of("U", "password-changed", "success", SecurityAudit.actor(self))
                  .withAccessPoint(from)
                  .withDetail("account " + a.username() + " changed its own password"));
          return null;
        });
  }

  /** Why {@code password} may not be {@code username}'s password, if it may not. */
  public static Optional<String> passwordProblem(String username, String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      return Optional.of("newPassword: " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    if (username != null
        && password
            .toLowerCase(java.util.Locale.ROOT)
            .contains(username.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of("newPassword: must not contain the user name");
    }
    if (password.chars().distinct().count() < 5) {
      return Optional.of("newPassword: at least 5 different characters");
    }
    return Optional.empty();
  }

  /** 20 random characters from 56 that cannot be confused (about 116 bits). */
  static String temporaryPassword() {
    char[] out = new char[20];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  private List<String> check(AccountInput in, AuthenticatedUser actor) {
    List<String> problems = new ArrayList<>();
    if (in.displayName() == null || in.displayName().isBlank() || in.displayName().length() > 200) {
      problems.add("displayName: 1 to 200 characters");
    }
    String role = in.role();
    if (AuthenticatedUser.ADMINISTRATOR.equals(role)) {
      if (!actor.isAdministrator()) {
        problems.add("role: only the administrator can make administrators");
      }
      if (in.organisationId() != null) {
        problems.add("organisationId: an administrator works for no organisation (leave it out)");
      }
      return problems;
    }
    boolean own =
        AuthenticatedUser.PRIVACY_OFFICER.equals(role)
            || AuthenticatedUser.ORGANISATION_ADMINISTRATOR.equals(role);
    if (!own && !catalogue.roles().containsKey(role)) {
      problems.add(
          "role: one of "
              + String.join(", ", catalogue.roles().keySet())
              + ", privacy-officer, "
              + "organisation-administrator or administrator (family members get their account through an activation code)");
      return problems;
    }
    OrganisationEntity org =
        in.organisationId() == null || in.organisationId().length() > 64
            ? null
            : database.read(em -> em.find(OrganisationEntity.class, in.organisationId()));
    if (org == null || !org.active()) {
      problems.add("organisationId: not an active organisation (GET /api/admin/organisations)");
      return problems;
    }
    if (actor.isOrganisationAdministrator() && !org.id().equals(actor.organisationId())) {
      problems.add("organisationId: you manage the people of " + actor.organisationId() + " only");
    }
    if (!own) {
      OrganisationKind kind = catalogue.organisationKind(org.kind()).orElse(null);
      if (kind == null || !kind.mayHold(role)) {
        problems.add(
            "role: an organisation of kind "
                + org.kind()
                + " may not hold role "
                + role
                + (kind == null
                    ? ""
                    : " (it may hold "
                        + String.join(", ", new java.util.TreeSet<>(kind.roles()))
                        + ")"));
      }
    }
    return problems;
  }

  private static void mayManage(AuthenticatedUser actor) {
    if (!actor.isAdministrator() && !actor.isOrganisationAdministrator()) {
      throw Problems.forbidden(
          "only an administrator or an organisation administrator manages accounts");
    }
  }

  private static AccountEntity managed(AccountEntity a, String username, AuthenticatedUser actor) {
    boolean visible =
        a != null
            && !AuthenticatedUser.FAMILY_MEMBER.equals(a.role())
            && (actor.isAdministrator()
                || (a.organisationId() != null
                    && a.organisationId().equals(actor.organisationId())
                    && !AuthenticatedUser.ADMINISTRATOR.equals(a.role())));
    if (!visible) {
      throw Problems.notFound(
          "No account '" + SecurityAudit.printable(username) + "' that you manage.");
    }
    return a;
  }

  private static String describe(AccountEntity a) {
    return a.username()
        + " ("
        + a.role()
        + (a.organisationId() == null ? "" : ", " + a.organisationId())
        + ")";
  }
}
