package nl.jeugdpoort.gateway.audit;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * Links pending audit entries into the chain (A2), the way a transparency log integrates entries:
 * appends insert entries concurrently, with an insertion number and no chain fields; this chainer
 * takes the committed pending entries in insertion order, in batches, and gives each its {@code
 * seq}, the previous entry's hash and its own hash, and moves the chain head — all in one
 * transaction that holds the row lock on {@code audit_chain_head} ({@code select … for update}).
 * That lock makes the chainer a singleton across every node on one database: a second node's
 * chainer waits, then continues from the head the first one left. A business write never waits for
 * it.
 *
 * <p>It runs every {@code interval} ({@code jeugdpoort.audit.chain-interval}) and, sooner, when a
 * write commits (a nudge from {@link Database#afterCommit}).
 */
public final class AuditChainer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditChainer.class.getName());

  /** Entries linked per transaction at most. */
  static final int BATCH = 1_000;

  private final Database database;
  private final Clock clock;
  private final Duration interval;
  private final Semaphore nudge = new Semaphore(0);
  private volatile boolean running;
  private volatile Thread thread;

  public AuditChainer(Database database, Clock clock, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "jeugdpoort.audit.chain-interval must be positive, not " + interval);
    }
    this.database = database;
    this.clock = clock;
    this.interval = interval;
  }

  /**
   * Starts the chaining loop on a thread of {@code threads} (the container's managed thread
   * factory).
   */
  public synchronized void start(ThreadFactory threads) {
    if (running) {
      return;
    }
    running = true;
    database.afterCommit(this::nudge);
    Thread t = threads.newThread(this::loop);
    t.setName("jeugdpoort-audit-chainer");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Asks for a run soon (after a commit that may have appended entries). */
  public void nudge() {
    if (Thread.currentThread() != thread && nudge.availablePermits() == 0) {
      nudge.release();
    }
  }

  private void loop() {
    while (running) {
      try {
        nudge.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
        nudge.drainPermits();
        chainAll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The entries stay pending and are chained on a later run; nothing is lost.
        LOG.log(Level.WARNING, "audit chaining failed; pending entries are retried", e);
        sleepQuietly(interval.toMillis());
      }
    }
  }

  /** Chains until nothing is pending; returns how many entries it linked. */
  public long chainAll() {
    long total = 0;
    int linked;
    do {
      linked = chainBatch();
      total += linked;
    } while (linked == BATCH);
    return total;
  }

  /** Links at most {@link #BATCH} pending entries in one transaction; returns how many. */
  public int chainBatch() {
    return database.write(this::chainBatch);
  }

  private int chainBatch(EntityManager em) {
    // The transaction's own connection, so that the lock, the reads and the updates below are one
    // transaction.
    Connection connection = em.unwrap(Connection.class);
    Object[] head =
        (Object[])
            em.createNativeQuery("select seq, hash from audit_chain_head where id = 1 for update")
                .getSingleResult();
    long seq = ((Number) head[0]).longValue();
    String prev = (String) head[1];
    // Read by JDBC, not as managed JPA entities: the chainer only hashes them and links them with
    // the JDBC batch below, so the entity manager's bookkeeping is work it does not need.
    List<AuditEntryEntity> pending = new ArrayList<>();
    try (PreparedStatement read =
        connection.prepareStatement(
            "select "
                + AuditVerification.COLUMNS
                + " from audit_entry where seq is null order by entry_no fetch first "
                + BATCH
                + " rows only")) {
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          pending.add(AuditVerification.row(rs));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit chaining could not read: " + e.getMessage(), e);
    }
    if (pending.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Timestamp at = Timestamp.from(now);
    // One JDBC batch for the whole chunk (the entities are only read); "seq is null" guards against
    // linking twice.
    try (PreparedStatement link =
        connection.prepareStatement(
            "update audit_entry set seq = ?, prev_hash = ?, hash = ?, canon = ?, chained_at = ? where id = ? and seq is null")) {
      for (AuditEntryEntity e : pending) {
        seq++;
        String hash = AuditChain.hash(AuditLog.canonical(e, seq, prev, AuditChain.FORM_TRACE));
        link.setLong(1, seq);
        link.setString(2, prev);
        link.setString(3, hash);
        link.setInt(4, AuditChain.FORM_TRACE);
        link.setTimestamp(5, at);
        link.setString(6, e.id());
        link.addBatch();
        prev = hash;
      }
      for (int updated : link.executeBatch()) {
        if (updated == 0) {
          throw new IllegalStateException(
              "an audit entry was chained by someone else meanwhile; the batch is rolled back");
        }
      }
      try (PreparedStatement move =
          connection.prepareStatement(
              "update audit_chain_head set seq = ?, hash = ?, chained_at = ? where id = 1")) {
        move.setLong(1, seq);
        move.setString(2, prev);
        move.setTimestamp(3, at);
        move.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit chaining failed: " + e.getMessage(), e);
    }
    return pending.size();
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      nudge.release();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
