package nl.jeugdpoort.gateway.security;

import java.util.Collection;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.pam.ModularRealmAuthenticator;
import org.apache.shiro.realm.Realm;

/**
 * Each kind of credential has exactly one realm (passwords: {@link AccountRealm}, or an OpenID
 * Connect realm in its place; access tokens: {@link BearerRealm}). Shiro's multi-realm strategy
 * would hide why a login failed (a locked account, an expired token) behind one generic exception;
 * this authenticator hands the token to the one realm that supports it, so the reason reaches the
 * audit log.
 */
public class OneRealmPerToken extends ModularRealmAuthenticator {
  @Override
  protected AuthenticationInfo doAuthenticate(AuthenticationToken token)
      throws AuthenticationException {
    assertRealmsConfigured();
    Collection<Realm> realms = getRealms();
    for (Realm realm : realms) {
      if (realm.supports(token)) {
        return doSingleRealmAuthentication(realm, token);
      }
    }
    throw new AuthenticationException(
        "no realm accepts credentials of type " + token.getClass().getSimpleName());
  }
}
