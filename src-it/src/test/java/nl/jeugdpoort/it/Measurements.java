package nl.jeugdpoort.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/** What the benchmarks and the tests that start gateways of their own share. */
final class Measurements {
  private Measurements() {}

  /** The {@code p}-th percentile of sorted latencies (nearest rank). */
  static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A TCP port free on the loopback interface now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
