package nl.jeugdpoort.gateway.security;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.subject.Subject;
import org.apache.shiro.web.subject.WebSubject;

/** The authenticated user of the current request, as Shiro established it. */
public final class CurrentUser {
  private CurrentUser() {}

  /** The user, or a FHIR 401 when the call is not authenticated. */
  public static AuthenticatedUser require() {
    Subject subject = SecurityUtils.getSubject();
    AuthenticatedUser user =
        subject.isAuthenticated()
            ? subject.getPrincipals().oneByType(AuthenticatedUser.class)
            : null;
    if (user == null) {
      throw new AuthenticationException("Niet ingelogd / not authenticated");
    }
    return user;
  }

  /** The remote address of the current HTTP call (for the audit log), or null outside a call. */
  public static String remoteAddress() {
    try {
      return SecurityUtils.getSubject() instanceof WebSubject web
          ? web.getServletRequest().getRemoteAddr()
          : null;
    } catch (org.apache.shiro.UnavailableSecurityManagerException e) {
      return null;
    }
  }
}
