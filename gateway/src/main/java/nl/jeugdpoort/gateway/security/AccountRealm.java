package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.IncorrectCredentialsException;
import org.apache.shiro.authc.LockedAccountException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UnknownAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.PasswordMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Shiro realm over the {@code account} table, for people (HTTP Basic on {@code /fhir}, the login form of
 * {@code /portal}). Passwords are stored in Shiro 2's crypt format (argon2id, see {@link Passwords}) and
 * checked by {@link PasswordMatcher}. After {@code jeugdpoort.login.max-failures} wrong passwords in a row
 * (default 5) the account is locked for {@code jeugdpoort.login.lock-for} (default 15 minutes); a
 * correct password then fails too. An unknown name costs the same hashing work as a wrong password, so
 * that timing does not tell which names exist.
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
  protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) throws AuthenticationException {
    if (!(token instanceof UsernamePasswordToken upt) || upt.getUsername() == null || upt.getUsername().length() > 64) {
      throw new UnknownAccountException("no such account");
    }
    AccountEntity account = database().read(em -> em.find(AccountEntity.class, upt.getUsername()));
    if (account == null) {
      // Same work as for a real account, then the same failure.
      getCredentialsMatcher().doCredentialsMatch(token, new SimpleAuthenticationInfo("-", dummyHash(), getName()));
      throw new UnknownAccountException("no such account");
    }
    if (account.lockedAt(clock().instant())) {
      throw new LockedAccountException("account locked until " + account.lockedUntil() + " after repeated failed logins");
    }
    AuthenticatedUser user = new AuthenticatedUser(account.username(), account.displayName(), account.role(),
        account.organisationId(), account.personRef(), account.youthBsn());
    return new SimpleAuthenticationInfo(user, account.passwordHash(), getName());
  }

  @Override
  protected void assertCredentialsMatch(AuthenticationToken token, AuthenticationInfo info) throws AuthenticationException {
    String username = ((UsernamePasswordToken) token).getUsername();
    try {
      super.assertCredentialsMatch(token, info);
    } catch (IncorrectCredentialsException e) {
      Config config = ConfigProvider.getConfig();
      int maxFailures = config.getOptionalValue("jeugdpoort.login.max-failures", Integer.class).orElse(5);
      Duration lockFor = Duration.parse(config.getOptionalValue("jeugdpoort.login.lock-for", String.class).orElse("PT15M"));
      Instant now = clock().instant();
      boolean locked = database().write(em -> {
        AccountEntity a = em.find(AccountEntity.class, username);
        a.loginFailed(now, maxFailures, lockFor);
        return a.lockedAt(now);
      });
      throw locked
          ? new LockedAccountException("wrong password; account locked for " + lockFor + " after " + maxFailures + " failures")
          : new IncorrectCredentialsException("wrong password");
    }
    AccountEntity account = database().read(em -> em.find(AccountEntity.class, username));
    if (account.failedLogins() > 0) {
      database().write(em -> {
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
