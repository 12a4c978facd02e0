package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.PasswordMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Shiro realm over the {@code account} table. Passwords are stored in Shiro 2's crypt format
 * (argon2id) and checked by {@link PasswordMatcher}. Configured in {@code WEB-INF/shiro.ini}.
 */
public class AccountRealm extends AuthorizingRealm {

  public AccountRealm() {
    setCredentialsMatcher(new PasswordMatcher());
    setName("jeugdpoort-accounts");
  }

  @Override
  protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) throws AuthenticationException {
    if (!(token instanceof UsernamePasswordToken upt) || upt.getUsername() == null) {
      return null;
    }
    Database db = CDI.current().select(Database.class).get();
    AccountEntity account = db.read(em -> em.find(AccountEntity.class, upt.getUsername()));
    if (account == null) {
      return null;
    }
    AuthenticatedUser user = new AuthenticatedUser(account.username(), account.displayName(), account.role(),
        account.organisationId(), account.personRef(), account.youthBsn());
    return new SimpleAuthenticationInfo(user, account.passwordHash(), getName());
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
}
