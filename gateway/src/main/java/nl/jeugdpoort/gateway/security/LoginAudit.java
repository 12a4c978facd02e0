package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationListener;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.BearerToken;
import org.apache.shiro.authc.HostAuthenticationToken;
import org.apache.shiro.authc.IncorrectCredentialsException;
import org.apache.shiro.authc.LockedAccountException;
import org.apache.shiro.authc.UnknownAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Writes an audit entry for every password login, successful or not: who (the name given), from
 * where (the remote address), when, and why it failed. An HTTP Basic call that reuses a
 * verification of the last minutes ({@link VerifiedPasswords}) is no new login and writes nothing:
 * one {@code login} entry per verification (per name, password and address, at most every {@code
 * jeugdpoort.login.verified-for}). A valid access token is not a login (its issue was audited by
 * {@link SmartTokens}); a refused one is audited as {@code access-refused} by {@link
 * FhirAuthenticationFilter}, which knows the request.
 */
public class LoginAudit implements AuthenticationListener {

  @Override
  public void onSuccess(AuthenticationToken token, AuthenticationInfo info) {
    if (token instanceof BearerToken) {
      return;
    }
    if (info instanceof AccountRealm.AccountInfo account && account.reused()) {
      return; // a call within a verified login (VerifiedPasswords): the login was audited when
      // verified
    }
    AuthenticatedUser user = info.getPrincipals().oneByType(AuthenticatedUser.class);
    audit()
        .record(
            AuditRecord.of("E", SecurityAudit.LOGIN, "success", SecurityAudit.actor(user))
                .withAccessPoint(host(token))
                .withDetail(channel(token) + " login"));
  }

  @Override
  public void onFailure(AuthenticationToken token, AuthenticationException ae) {
    if (token instanceof BearerToken) {
      return; // audited as access-refused with the request by FhirAuthenticationFilter
    }
    String claimed = token instanceof UsernamePasswordToken upt ? upt.getUsername() : null;
    String why;
    if (ae instanceof UnknownAccountException) {
      why = "unknown account";
    } else if (ae instanceof LockedAccountException) {
      why = ae.getMessage();
    } else if (ae instanceof IncorrectCredentialsException) {
      why = "wrong password";
    } else {
      why = ae.getMessage();
    }
    audit()
        .record(
            AuditRecord.of("E", SecurityAudit.LOGIN, "failure", SecurityAudit.anonymous(claimed))
                .withAccessPoint(host(token))
                .withDetail(channel(token) + " login failed: " + SecurityAudit.printable(why)));
  }

  @Override
  public void onLogout(PrincipalCollection principals) {
    AuthenticatedUser user = principals.oneByType(AuthenticatedUser.class);
    if (user != null && !user.system()) {
      audit()
          .record(
              AuditRecord.of("E", "logout", "success", SecurityAudit.actor(user))
                  .withDetail("portal logout"));
    }
  }

  private static String channel(AuthenticationToken token) {
    if (token instanceof BearerToken) {
      return "bearer token";
    }
    if (token instanceof OidcToken) {
      return "OpenID Connect";
    }
    if (token instanceof PasswordChangeToken) {
      return "password change";
    }
    return token instanceof PortalLoginToken ? "portal" : "HTTP Basic";
  }

  private static String host(AuthenticationToken token) {
    return token instanceof HostAuthenticationToken h ? h.getHost() : null;
  }

  private static SecurityAudit audit() {
    return CDI.current().select(SecurityAudit.class).get();
  }
}
