package nl.jeugdpoort.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One member of a gateway cluster for the crash tests: Payara Micro with the gateway WAR in its own
 * JVM (a real process, killed with SIGKILL), its Hazelcast member on loopback, its database shared
 * with the other members. Its output goes to {@code target/cluster/node-N.log} (one file per
 * start).
 */
final class GatewayNode implements AutoCloseable {
  /**
   * The health probe's client: HTTP/1.1, so that a probe never rides on a connection upgraded to
   * cleartext HTTP/2 while the member was still starting (the JDK client's default asks for that
   * upgrade on every plain connection).
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  final int index;
  final int httpPort;
  final int hazelcastPort;
  private final List<Integer> members;
  private final Map<String, String> settings;
  private final Path dir;
  private Process process;
  private Path log;
  private int starts;

  /**
   * The JVM's options: small and quick to start for the cluster's kill tests; a benchmark sets its
   * own ({@link #jvm(List)}).
   */
  private List<String> jvm = List.of("-Xmx640m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** Replaces the JVM options of the next start. */
  GatewayNode jvm(List<String> options) {
    this.jvm = List.copyOf(options);
    return this;
  }

  /** The last answer (or failure) of /health/ready, for the message of a member never ready. */
  private volatile String lastHealth = "(not asked yet)";

  GatewayNode(
      int index,
      int httpPort,
      int hazelcastPort,
      List<Integer> members,
      Map<String, String> settings,
      Path dir) {
    this.index = index;
    this.httpPort = httpPort;
    this.hazelcastPort = hazelcastPort;
    this.members = members;
    this.settings = settings;
    this.dir = dir;
  }

  String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  /**
   * The gateway's own readiness check (health.GatewayReadiness) in the /health/ready answer: the
   * answer must name it, since a member that is still deploying may answer UP with no checks yet.
   */
  private static final String READINESS_CHECK = "\"jeugdpoort\"";

  /** Starts the member; {@code failpoint} (may be null) arms one failpoint for this start. */
  void start(String failpoint) throws IOException {
    Files.createDirectories(dir);
    starts++;
    log = dir.resolve("node-" + index + "-start-" + starts + ".log");
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvm);
    cmd.addAll(
        List.of(
            "-Djava.io.tmpdir=" + dir.toAbsolutePath(),
            "-Dhazelcast.socket.bind.any=false",
            "-Djeugdpoort.public-url=" + base()));
    settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    if (failpoint != null) {
      cmd.add("-Djeugdpoort.test.failpoint=" + failpoint);
    }
    StringBuilder tcp = new StringBuilder();
    for (int port : members) {
      tcp.append(tcp.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
    }
    cmd.addAll(
        List.of(
            "-jar",
            System.getProperty("payara.microJar"),
            "--deploy",
            System.getProperty("gateway.war"),
            "--contextroot",
            "/",
            "--port",
            String.valueOf(httpPort),
            "--startport",
            String.valueOf(hazelcastPort),
            "--interfaces",
            "127.0.0.1",
            "--nohostaware",
            "--clustermode",
            "tcpip:" + tcp,
            "--clustername",
            "jeugdpoort-cluster-it",
            "--prebootcommandfile",
            System.getProperty("gateway.preboot"),
            "--postbootcommandfile",
            System.getProperty("gateway.postboot")));
    process =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Waits until the member answers ready (MicroProfile Health), or fails with the end of its log.
   */
  void awaitReady(Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "node " + index + " exited with " + process.exitValue() + ":\n" + tail());
      }
      if (isReady()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "node "
            + index
            + " not ready after "
            + atMost
            + "; last /health/ready: "
            + lastHealth
            + "\n"
            + tail());
  }

  /** One look: does the member answer ready (MicroProfile Health) now? */
  boolean isReady() throws InterruptedException {
    if (!isAlive()) {
      return false;
    }
    try {
      HttpResponse<String> ready =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base() + "/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      lastHealth = ready.statusCode() + " " + ready.body();
      return ready.statusCode() == 200 && ready.body().contains(READINESS_CHECK);
    } catch (IOException notYet) {
      lastHealth = notYet.toString();
      return false;
    }
  }

  /** The last answer (or failure) of /health/ready, for messages. */
  String lastHealth() {
    return lastHealth;
  }

  /** Waits until this start's output contains {@code marker}; returns that line. */
  String awaitOutput(String marker, Duration atMost) throws Exception {
    Instant deadline = Instant.now().plus(atMost);
    while (Instant.now().isBefore(deadline)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.contains(marker)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "node " + index + " exited before '" + marker + "':\n" + tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "node " + index + ": no '" + marker + "' within " + atMost + ":\n" + tail());
  }

  /** True when this start's output has a line containing {@code marker}. */
  boolean outputContains(String marker) throws IOException {
    return log != null
        && Files.exists(log)
        && Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .anyMatch(l -> l.contains(marker));
  }

  /** SIGKILL: no shutdown hook, no finally block, no last commit. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
