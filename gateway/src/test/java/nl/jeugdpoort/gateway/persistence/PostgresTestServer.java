package nl.jeugdpoort.gateway.persistence;

import java.nio.file.Path;

/** A throw-away PostgreSQL server ({@link PostgresServer}) with the gateway's settings for it. */
public final class PostgresTestServer implements AutoCloseable {
  private final PostgresServer server;

  private PostgresTestServer(PostgresServer server) {
    this.server = server;
  }

  public static PostgresTestServer start(Path workDir) throws Exception {
    return start(workDir, false);
  }

  /**
   * Starts a server; with {@code fsync} true it syncs each commit to disk as a production server
   * does (for durability benchmarks), otherwise it runs with {@code fsync=off} for speed.
   */
  public static PostgresTestServer start(Path workDir, boolean fsync) throws Exception {
    return new PostgresTestServer(PostgresServer.start(workDir, fsync));
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings(server.url(), server.user(), server.password(), 4);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
