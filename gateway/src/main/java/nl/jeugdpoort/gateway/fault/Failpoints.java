package nl.jeugdpoort.gateway.fault;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Named points in the flow where a crash test can stop a member (fault injection). Off unless the
 * test-only system property {@code jeugdpoort.test.failpoint} names a point, as {@code <name>} or
 * {@code <name>:<n>}: the thread that reaches it after {@code n} earlier arrivals (default 0) logs
 * {@code JEUGDPOORT-FAILPOINT <name> request=<id>} and then blocks for good, so that the test can
 * kill the process with SIGKILL exactly there (ClusterIT). Every other arrival passes. Never set in
 * production: the gateway logs a warning at start when it is.
 */
public final class Failpoints {
  /** After the request and its audit entry are committed, before it is handed to a worker. */
  public static final String AFTER_INTAKE = "after-intake";

  /** The notices are stored and the request waits for its e-mails to be accepted. */
  public static final String WAITING_FOR_NOTICE = "waiting-for-notice";

  /** The family has been told (N1); nothing is fetched yet. */
  public static final String AFTER_NOTICE = "after-notice";

  /** The source has answered some of the categories, not all. */
  public static final String MID_FETCH = "mid-fetch";

  /** Everything is fetched and decided; the release is not written yet. */
  public static final String BEFORE_RELEASE = "before-release";

  private static final Logger LOG = Logger.getLogger(Failpoints.class.getName());
  private static final String SETTING = System.getProperty("jeugdpoort.test.failpoint");
  private static final String ARMED = SETTING == null ? null : SETTING.split(":", 2)[0].trim();
  private static final int SKIP =
      SETTING == null || !SETTING.contains(":")
          ? 0
          : Integer.parseInt(SETTING.split(":", 2)[1].trim());
  private static final AtomicInteger ARRIVALS = new AtomicInteger();
  private static final AtomicBoolean FIRED = new AtomicBoolean();

  private Failpoints() {}

  /** The armed point, or null (for the start-up warning). */
  public static String armed() {
    return ARMED;
  }

  /**
   * Marks that {@code name} is reached for {@code requestId}; blocks for good when it is the armed
   * point.
   */
  public static void reached(String name, String requestId) {
    if (ARMED == null
        || !ARMED.equals(name)
        || ARRIVALS.getAndIncrement() < SKIP
        || !FIRED.compareAndSet(false, true)) {
      return;
    }
    // Printed (not only logged) so that the test sees it at once on the process's standard output.
    System.out.println("JEUGDPOORT-FAILPOINT " + name + " request=" + requestId);
    System.out.flush();
    LOG.warning(
        "failpoint " + name + " reached for request " + requestId + ": this thread stops here");
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // A failpoint ignores interruption: only the process's death ends it.
      }
    }
  }
}
