package nl.jeugdpoort.gateway.security;

import org.apache.shiro.authc.HostAuthenticationToken;

/**
 * A person the OpenID Connect provider vouched for ({@link OidcClient#finish}, issue #18): only the
 * portal's callback makes one, after the ID token was checked. {@link OidcRealm} maps it to the
 * account that holds this subject.
 */
public final class OidcToken implements HostAuthenticationToken {
  private static final long serialVersionUID = 1L;
  private final String subject;
  private final String host;

  public OidcToken(String subject, String host) {
    this.subject = subject;
    this.host = host;
  }

  @Override
  public Object getPrincipal() {
    return subject;
  }

  @Override
  public Object getCredentials() {
    return subject;
  }

  @Override
  public String getHost() {
    return host;
  }

  public String subject() {
    return subject;
  }
}
