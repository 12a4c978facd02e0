package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.BearerToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Shiro realm for organisation systems: a {@link BearerToken} is an access token from {@code
 * /auth/token}, checked by {@link SmartTokens#validate} (signature, expiry, registration).
 */
public class BearerRealm extends AuthorizingRealm {

  public BearerRealm() {
    setAuthenticationTokenClass(BearerToken.class);
    setName("jeugdpoort-system-clients");
  }

  @Override
  protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token)
      throws AuthenticationException {
    BearerToken bearer = (BearerToken) token;
    AuthenticatedUser system =
        CDI.current().select(SmartTokens.class).get().validate(bearer.getToken());
    // The credentials are the token itself: it was verified above, the matcher compares it with
    // itself.
    return new SimpleAuthenticationInfo(system, bearer.getToken(), getName());
  }

  @Override
  protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
    AuthenticatedUser user = principals.oneByType(AuthenticatedUser.class);
    SimpleAuthorizationInfo info = new SimpleAuthorizationInfo();
    if (user != null) {
      info.addRole(user.role());
      info.addRole("system");
    }
    return info;
  }
}
