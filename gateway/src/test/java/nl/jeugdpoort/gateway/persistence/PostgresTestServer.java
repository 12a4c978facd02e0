package nl.jeugdpoort.gateway.persistence;

import java.nio.file.Path;

/** A throw-away PostgreSQL server ({@link PostgresServer}) with the gateway's settings for it. */
public final class PostgresTestServer implements AutoCloseable {
  private final PostgresServer server;

  private PostgresTestServer(PostgresServer server) {
    this.server = server;
  }

  public static PostgresTestServer start(Path workDir) throws Exception {
    return new PostgresTestServer(PostgresServer.start(workDir));
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings(server.url(), server.user(), server.password(), 4);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
