package nl.jeugdpoort.gateway.security;

import org.apache.shiro.authc.UsernamePasswordToken;

/**
 * The current password, given to change it ({@code POST /api/password}, the portal's password
 * page). Unlike any other login it is accepted while the password must be changed (set by an
 * administrator); it opens no session and grants nothing else.
 */
public class PasswordChangeToken extends UsernamePasswordToken {
  private static final long serialVersionUID = 1L;

  public PasswordChangeToken(String username, char[] password, String host) {
    super(username, password, false, host);
  }
}
