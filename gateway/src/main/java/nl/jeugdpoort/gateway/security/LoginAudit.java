package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.security.SecurityAudit;
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
 * Writes an audit entry for every password login, successful or not, and for every refused access
 * token: who (the name given), from where (the remote address), when, and why it failed. A valid access
 * token is not a login (its issue was audited by {@link SmartTokens}).
 */
public class LoginAudit implements AuthenticationListener {

  @Override
  public void onSuccess(AuthenticationToken token, AuthenticationInfo info) {
    if (token instanceof BearerToken) {
      return;
    }
    AuthenticatedUser user = info.getPrincipals().oneByType(AuthenticatedUser.class);
    audit().record(AuditRecord.of("E", SecurityAudit.LOGIN, "success", SecurityAudit.actor(user))
        .withAccessPoint(host(token))
        .withDetail(channel(token) + " login"));
  }

  @Override
  public void onFailure(AuthenticationToken token, AuthenticationException ae) {
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
    audit().record(AuditRecord.of("E", SecurityAudit.LOGIN, "failure", SecurityAudit.anonymous(claimed))
        .withAccessPoint(host(token))
        .withDetail(channel(token) + " login failed: " + SecurityAudit.printable(why)));
  }

  @Override
  public void onLogout(PrincipalCollection principals) {
    AuthenticatedUser user = principals.oneByType(AuthenticatedUser.class);
    if (user != null && !user.system()) {
      audit().record(AuditRecord.of("E", "logout", "success", SecurityAudit.actor(user)).withDetail("portal logout"));
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
