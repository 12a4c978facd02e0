package nl.jeugdpoort.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A real OpenID Connect provider for the integration tests (issue #18): navikt's mock-oauth2-server
 * on a loopback port of this JVM, started when the JUnit session opens, before Arquillian starts
 * Payara Micro; the port goes to arquillian.xml as {@code ${it.oidc.port}} (issuer {@code
 * http://127.0.0.1:{port}/default}, client {@code jeugdpoort}). It logs in without asking (not
 * interactive); a test says whom with {@link #next}.
 */
public class ItOidc implements LauncherSessionListener {
  private static MockOAuth2Server server;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (server != null) {
      return;
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.setProperty("it.oidc.port", String.valueOf(port));
    server = new MockOAuth2Server();
    server.start(InetAddress.getLoopbackAddress(), port);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server != null) {
      server.shutdown();
    }
  }

  /** The next login at the provider is of {@code subject}. */
  static void next(String subject) {
    server.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject));
  }
}
