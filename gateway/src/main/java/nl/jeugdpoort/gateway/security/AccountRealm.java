package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.DisabledAccountException;
import org.apache.shiro.authc.ExcessiveAttemptsException;
import org.apache.shiro.authc.ExpiredCredentialsException;
import org.apache.shiro.authc.HostAuthenticationToken;
import org.apache.shiro.authc.IncorrectCredentialsException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UnknownAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.PasswordMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Shiro realm over the {@code account} table, for people (HTTP Basic on {@code /fhir}, the login
 * form of {@code /portal}). Passwords are stored in Shiro 2's crypt format (argon2id, see {@link
 * Passwords}) and checked by {@link PasswordMatcher}. There is no lock that a stranger could
 * trigger: repeated failures are slowed by growing delays per name and address and per address
 * ({@link LoginThrottle}); an address that tries many names raises an alert for the privacy
 * officers ({@code AuditEvent?subtype=login-alert}). An unknown name costs the same hashing work as
 * a wrong password, so that timing does not tell which names exist. After the password matched: a
 * disabled account, or one of a deactivated organisation, is refused; an account whose password was
 * set by an administrator is refused ({@link ExpiredCredentialsException}) until it is changed with
 * a {@link PasswordChangeToken}.
 *
 * <p>This realm is the only place that knows accounts live in the database: an OpenID Connect realm
 * (for an identity broker that offers DigiD or eHerkenning) can take its place in {@code shiro.ini}
 * by producing the same {@link AuthenticatedUser}; see {@code docs/security.md}.
 */
public class AccountRealm extends AuthorizingRealm {
  private volatile String dummyHash;

  public AccountRealm() {
    setCredentialsMatcher(new PasswordMatcher());
    setName("jeugdpoort-accounts");
  }

  @Override
  protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token)
      throws AuthenticationException {
    if (!(token instanceof UsernamePasswordToken upt)
        || upt.getUsername() == null
        || upt.getUsername().length() > 64) {
      throw new UnknownAccountException("no such account");
    }
    String host = upt.getHost();
    var refusal = throttle().check(upt.getUsername(), host);
    if (refusal.isPresent()) {
      verified().forget(upt.getUsername());
      throw new ExcessiveAttemptsException(
          refusal.get().reason()
              + "; password not checked; retry after "
              + Math.max(1, refusal.get().retryAfter().toSeconds())
              + " s");
    }
    AccountEntity account = database().read(em -> em.find(AccountEntity.class, upt.getUsername()));
    if (account == null) {
      // Same work as for a real account, then the same failure.
      getCredentialsMatcher()
          .doCredentialsMatch(token, new SimpleAuthenticationInfo("-", dummyHash(), getName()));
      failed(upt.getUsername(), host);
      throw new UnknownAccountException("no such account");
    }
    AuthenticatedUser user =
        new AuthenticatedUser(
            account.username(),
            account.displayName(),
            account.role(),
            account.organisationId(),
            account.personRef(),
            account.youthBsn());
    return new AccountInfo(user, account.passwordHash(), getName());
  }

  /**
   * What this realm knows of an account; {@link #reused()} tells {@link LoginAudit} that the
   * password was not hashed for this call, a verification of the last minutes was reused ({@link
   * VerifiedPasswords}).
   */
  public static final class AccountInfo extends SimpleAuthenticationInfo {
    private static final long serialVersionUID = 1L;
    private boolean reused;

    AccountInfo(AuthenticatedUser user, String passwordHash, String realmName) {
      super(user, passwordHash, realmName);
    }

    public boolean reused() {
      return reused;
    }
  }

  @Override
  protected void assertCredentialsMatch(AuthenticationToken token, AuthenticationInfo info)
      throws AuthenticationException {
    UsernamePasswordToken upt = (UsernamePasswordToken) token;
    String username = upt.getUsername();
    // HTTP Basic: the argon2id comparison only when this name, password and address were not
    // verified
    // against this stored hash within the last minutes (jeugdpoort.login.verified-for). A portal
    // login
    // (once per session) is always hashed.
    VerifiedPasswords.Verification verification;
    if (token instanceof PortalLoginToken) {
      verification =
          new VerifiedPasswords.Verification(
              getCredentialsMatcher().doCredentialsMatch(token, info), true);
      if (!verification.matches()) {
        verified().forget(username);
      }
    } else {
      verification =
          verified()
              .verify(
                  username,
                  upt.getPassword(),
                  host(token),
                  String.valueOf(info.getCredentials()),
                  () -> getCredentialsMatcher().doCredentialsMatch(token, info));
    }
    if (!verification.hashed()) {
      if (info instanceof AccountInfo a) {
        a.reused = true;
      }
      throttle().succeeded(username, host(token));
      // A reused verification still meets a disabled account, a deactivated organisation or a
      // forced password change at once (issue #18).
      requireUsable(token, username);
      return;
    }
    if (!verification.matches()) {
      Instant now = clock().instant();
      // Counted for the record only; it never locks the account.
      database()
          .write(
              em -> {
                em.find(AccountEntity.class, username)
                    .loginFailed(now, Integer.MAX_VALUE, Duration.ZERO);
                return null;
              });
      failed(username, host(token));
      throw new IncorrectCredentialsException("wrong password");
    }
    throttle().succeeded(username, host(token));
    AccountEntity account = requireUsable(token, username);
    if (account.failedLogins() > 0) {
      database()
          .write(
              em -> {
                em.find(AccountEntity.class, username).loginSucceeded();
                return null;
              });
    }
  }

  @Override
  protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
    AuthenticatedUser user = principals.oneByType(AuthenticatedUser.class);
    SimpleAuthorizationInfo info = new SimpleAuthorizationInfo();
    if (user != null) {
      info.addRole(user.role());
    }
    return info;
  }

  /**
   * Counts the failure; the first time an address sprays names, alerts the privacy officers
   * concerned.
   */
  private void failed(String name, String host) {
    if (!throttle().failed(name, host)) {
      return;
    }
    java.util.Set<String> names = throttle().sprayedNames(host);
    java.util.Set<String> organisations = new java.util.TreeSet<>();
    for (String n : names) {
      AccountEntity a =
          n.length() > 64 ? null : database().read(em -> em.find(AccountEntity.class, n));
      if (a != null && a.organisationId() != null) {
        organisations.add(a.organisationId());
      }
    }
    String detail =
        "failed logins for "
            + names.size()
            + " different names from "
            + host
            + " (password spraying?): "
            + SecurityAudit.printable(String.join(", ", new java.util.TreeSet<>(names)))
            + "; logins from this address are slowed";
    java.util.List<String> concerned =
        organisations.isEmpty()
            ? java.util.Collections.singletonList(null)
            : java.util.List.copyOf(organisations);
    for (String org : concerned) {
      CDI.current()
          .select(SecurityAudit.class)
          .get()
          .record(
              AuditRecord.of(
                      "E",
                      LOGIN_ALERT,
                      "failure",
                      new AuditRecord.Actor("(address " + host + ")", null, org, null))
                  .withAccessPoint(host)
                  .withDetail(detail));
    }
    // ... and by e-mail (the privacy officers' alerts observe this).
    CDI.current()
        .getBeanManager()
        .getEvent()
        .select(SprayingDetected.class)
        .fire(
            new SprayingDetected(
                host, names.size(), java.util.List.copyOf(organisations), clock().instant()));
  }

  /** The audit event type of a spraying alert ({@code AuditEvent?subtype=login-alert}). */
  public static final String LOGIN_ALERT = "login-alert";

  private static String host(AuthenticationToken token) {
    return token instanceof HostAuthenticationToken h ? h.getHost() : null;
  }

  /** Only who knows the password learns why it is not enough (issue #18). */
  private AccountEntity requireUsable(AuthenticationToken token, String username) {
    AccountEntity account = database().read(em -> em.find(AccountEntity.class, username));
    if (account.disabled()) {
      throw new DisabledAccountException("account disabled");
    }
    if (account.organisationId() != null) {
      OrganisationEntity org =
          database().read(em -> em.find(OrganisationEntity.class, account.organisationId()));
      if (org == null || !org.active()) {
        throw new DisabledAccountException(
            "organisation " + account.organisationId() + " deactivated");
      }
    }
    if (account.mustChangePassword() && !(token instanceof PasswordChangeToken)) {
      throw new ExpiredCredentialsException(
          "password must be changed first (POST /api/password or the portal)");
    }
    return account;
  }

  private static VerifiedPasswords verified() {
    return CDI.current().select(VerifiedPasswords.class).get();
  }

  private static LoginThrottle throttle() {
    return CDI.current().select(LoginThrottle.class).get();
  }

  private String dummyHash() {
    if (dummyHash == null) {
      dummyHash = new Passwords().encryptPassword("not-a-password-" + System.nanoTime());
    }
    return dummyHash;
  }

  private static Database database() {
    return CDI.current().select(Database.class).get();
  }

  private static Clock clock() {
    return CDI.current().select(Clock.class).get();
  }
}
