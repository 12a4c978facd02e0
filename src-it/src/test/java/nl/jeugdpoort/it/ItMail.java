package nl.jeugdpoort.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A real SMTP server (GreenMail) for the gateway's e-mail notices during the integration tests, on
 * a free loopback port passed to arquillian.xml as {@code ${it.smtp.port}}. Tests read what it
 * received, and stop and start it to show that a release waits while the SMTP server is down.
 */
public class ItMail implements LauncherSessionListener {
  private static GreenMail server;
  private static int port;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (server != null) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.setProperty("it.smtp.port", String.valueOf(port));
    start();
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    stop();
  }

  static synchronized void start() {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  static synchronized void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  /** The plain-text body of a received message. */
  static String text(MimeMessage m) {
    try {
      return String.valueOf(m.getContent());
    } catch (IOException | jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The To addresses of a received message. */
  static List<String> recipients(MimeMessage m) {
    try {
      return java.util.Arrays.stream(m.getRecipients(jakarta.mail.Message.RecipientType.TO))
          .map(Object::toString)
          .toList();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The (decoded) subject of a received message. */
  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The header's value of a received message (null when absent). */
  static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, null);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every message received since this server (re)started. */
  static synchronized List<MimeMessage> received() {
    return server == null ? List.of() : List.of(server.getReceivedMessages());
  }
}
