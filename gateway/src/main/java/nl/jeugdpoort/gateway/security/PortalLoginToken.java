package nl.jeugdpoort.gateway.security;

import org.apache.shiro.authc.UsernamePasswordToken;

/** A password entered in the portal's login form (as opposed to HTTP Basic on {@code /fhir}). */
public class PortalLoginToken extends UsernamePasswordToken {
  private static final long serialVersionUID = 1L;

  public PortalLoginToken(String username, char[] password, String host) {
    super(username, password, false, host);
  }
}
