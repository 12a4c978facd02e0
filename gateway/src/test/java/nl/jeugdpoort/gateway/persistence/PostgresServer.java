package nl.jeugdpoort.gateway.persistence;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, throw-away PostgreSQL server for tests: its own cluster in {@code target/}, on a free
 * loopback port, started with Debian's PostgreSQL binaries (installed by {@code
 * build/ensure-test-tools.sh} when missing) and stopped afterwards. As root, the server runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 *
 * <p>Depends on nothing but the JDK, so that the integration tests can use it too (the gateway's
 * test jar carries it).
 *
 * <p>Set {@code JEUGDPOORT_TEST_PG_URL} (with {@code _USER}, {@code _PASSWORD}) to use a running
 * server instead.
 */
public final class PostgresServer implements AutoCloseable {
  private final Path dataDir;
  private final Path binDir;
  private final int port;
  private final boolean asPostgresUser;
  private final String externalUrl;
  private boolean fsync;

  private PostgresServer(
      Path binDir, Path dataDir, int port, boolean asPostgresUser, String externalUrl) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.externalUrl = externalUrl;
  }

  public static PostgresServer start(Path workDir) throws Exception {
    return start(workDir, false);
  }

  /**
   * Starts a server; {@code fsync} true syncs each commit to disk as a production server does
   * (benchmarks).
   */
  public static PostgresServer start(Path workDir, boolean fsync) throws Exception {
    String external = System.getenv("JEUGDPOORT_TEST_PG_URL");
    if (external != null && !external.isBlank()) {
      return new PostgresServer(null, null, -1, false, external);
    }
    Path bin = findBinaries();
    if (bin == null) {
      Path script = findScript();
      run(List.of("bash", script.toString(), "postgresql"));
      bin = findBinaries();
      if (bin == null) {
        throw new IllegalStateException(
            "PostgreSQL binaries not found after build/ensure-test-tools.sh");
      }
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path data = Files.createTempDirectory(Files.createDirectories(workDir.toAbsolutePath()), "pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer server = new PostgresServer(bin, data, port, root, null);
    server.fsync = fsync;
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", data.toString()));
    }
    server.pg(
        "initdb",
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    server.startServer();
    server.pg(
        "createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "jeugdpoort");
    return server;
  }

  /** The JDBC URL of database {@code jeugdpoort} on this server. */
  public String url() {
    return externalUrl != null
        ? externalUrl
        : "jdbc:postgresql://127.0.0.1:" + port + "/jeugdpoort";
  }

  public String user() {
    return externalUrl != null ? env("JEUGDPOORT_TEST_PG_USER", "postgres") : "postgres";
  }

  public String password() {
    return externalUrl != null ? env("JEUGDPOORT_TEST_PG_PASSWORD", "") : "";
  }

  /**
   * Stops the server at once (clients see their connections break), as a crash of the database
   * would.
   */
  public void stop() throws Exception {
    if (externalUrl == null) {
      pg("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
    }
  }

  /** Starts it again on the same port with the same data (after {@link #stop}). */
  public void restart() throws Exception {
    if (externalUrl == null) {
      startServer();
    }
  }

  private void startServer() throws Exception {
    pg(
        "pg_ctl",
        "-D",
        dataDir.toString(),
        "-w",
        "-t",
        "60",
        "-l",
        dataDir.resolve("server.log").toString(),
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -k "
            + dataDir
            + " -c fsync="
            + (fsync ? "on" : "off")
            + " -c max_connections=200",
        "start");
  }

  @Override
  public void close() throws Exception {
    if (externalUrl == null) {
      pg("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "stop");
    }
  }

  private void pg(String tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(binDir.resolve(tool).toString());
    cmd.addAll(Arrays.asList(args));
    run(cmd);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + out);
    }
  }

  private static Path findBinaries() {
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions == null) {
      return null;
    }
    return Arrays.stream(versions)
        .map(v -> v.toPath().resolve("bin"))
        .filter(b -> Files.isExecutable(b.resolve("initdb")))
        .sorted()
        .reduce((a, b) -> b)
        .orElse(null);
  }

  private static Path findScript() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path script = dir.resolve("build/ensure-test-tools.sh");
      if (Files.exists(script)) {
        return script;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "build/ensure-test-tools.sh not found above " + Path.of("").toAbsolutePath());
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null ? fallback : v;
  }
}
