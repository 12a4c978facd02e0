package nl.jeugdpoort.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The gateway's database during the integration tests: an in-memory H2 database served over TCP on
 * loopback from this (the test) JVM, so that the tests can count the rows the gateway wrote.
 * Started when the JUnit session opens, before Arquillian starts Payara Micro; the port goes to
 * arquillian.xml as {@code ${it.h2.port}}.
 */
public class ItDatabase implements LauncherSessionListener {
  static final String LOCAL_URL = "jdbc:h2:mem:it;DB_CLOSE_DELAY=-1";

  /** The tables that hold data; audit_entry is counted on its own (a refusal is audited). */
  static final List<String> DATA_TABLES =
      List.of(
          "organisation",
          "account",
          "data_request",
          "fhir_subscription",
          "subscription_notification",
          "notice",
          "release_record",
          "consent_record",
          "system_client",
          "notice_delivery",
          "youth_visibility",
          "privacy_review");

  private static Server server;
  private static Connection keepAlive;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (server != null) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(0)) {
      int port = probe.getLocalPort();
      probe.close();
      keepAlive = DriverManager.getConnection(LOCAL_URL, "sa", "");
      server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifExists").start();
      System.setProperty("it.h2.port", String.valueOf(server.getPort()));
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot start the H2 server for the integration tests", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server != null) {
      server.stop();
    }
  }

  /** Row counts of every data table, plus the rows still in force (not withdrawn, not revoked). */
  static Map<String, Long> fingerprint() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : DATA_TABLES) {
      counts.put(table, count("select count(*) from " + table));
    }
    counts.put(
        "consent_record in force",
        count("select count(*) from consent_record where withdrawn_at is null"));
    counts.put(
        "system_client in force",
        count("select count(*) from system_client where revoked_at is null"));
    return counts;
  }

  static long auditEntries() {
    return count("select count(*) from audit_entry");
  }

  /** The first column of the first row, as text. */
  static String text(String sql) {
    try (Connection c = DriverManager.getConnection(LOCAL_URL, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row: " + sql);
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of every row, as text. */
  static List<String> texts(String sql) {
    try (Connection c = DriverManager.getConnection(LOCAL_URL, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** A statement for setting up what no endpoint sets yet. */
  static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(LOCAL_URL, "sa", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static long count(String sql) {
    try (Connection c = DriverManager.getConnection(LOCAL_URL, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
