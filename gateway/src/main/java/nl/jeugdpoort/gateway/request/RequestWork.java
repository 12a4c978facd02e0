package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.Outbox;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Durable work (issue #15.2): the {@code data_request} row is the work item. A request is due when
 * {@code due_at} has come; a worker claims it by writing its own name into {@code lease_owner} and
 * a {@code lease_until} in the future, in one short transaction — {@code SELECT … FOR UPDATE SKIP
 * LOCKED} over the due rows (PostgreSQL and H2 2.3 both have it), then a conditional {@code
 * UPDATE}, so two workers never claim the same row. The claim bumps the row's optimistic {@code
 * version}, which fences a worker whose lease ran out: its next write fails. A live worker renews
 * the leases of the requests it is working on; a dead one's leases expire and the rows are due
 * again for any member. The steps commit what they did with their audit entries; a later pass
 * starts from what is committed. Nothing lives only in memory: the in-JVM hand-off ({@code seda})
 * is a latency shortcut.
 */
@ApplicationScoped
public class RequestWork {
  private static final String CLAIMABLE =
      "due_at <= ? and (lease_until is null or lease_until < ?)";

  @Inject Database database;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "jeugdpoort.work.lease", defaultValue = "PT30S")
  String leaseText;

  @Inject
  @ConfigProperty(name = "jeugdpoort.route.concurrent-requests", defaultValue = "4")
  int concurrency;

  @Inject
  @ConfigProperty(name = "jeugdpoort.work.retry-backoff", defaultValue = "PT2S")
  String retryBackoffText;

  /**
   * This JVM's name as a worker: host, process id and a random part (a restarted member is a new
   * worker).
   */
  private final String owner = Outbox.newOwner();

  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong backlogAt = new AtomicLong();
  private volatile long backlog;

  /** This worker's name, as written into {@code lease_owner}. */
  public String owner() {
    return owner;
  }

  public Duration lease() {
    return Duration.parse(leaseText);
  }

  /** How many requests this worker holds at most at once (twice the concurrent route consumers). */
  public int capacity() {
    return Math.max(1, concurrency) * 2;
  }

  /** The requests this worker holds now. */
  public Set<String> inFlight() {
    return Set.copyOf(inFlight);
  }

  /**
   * Claims due requests, oldest due first, as many as this worker has room for; returns their ids.
   * Rows another worker is claiming at this moment are skipped, not waited for.
   */
  public List<String> claimDue() {
    int room = capacity() - inFlight.size();
    if (room <= 0) {
      return List.of();
    }
    Instant now = clock.instant();
    List<String> claimed =
        jdbc(
            c -> {
              List<String> ids = new ArrayList<>();
              try (PreparedStatement select =
                  c.prepareStatement(
                      "select id from data_request where "
                          + CLAIMABLE
                          + " order by due_at limit ? for update skip locked")) {
                select.setTimestamp(1, Timestamp.from(now));
                select.setTimestamp(2, Timestamp.from(now));
                select.setInt(3, room);
                try (ResultSet rs = select.executeQuery()) {
                  while (rs.next()) {
                    ids.add(rs.getString(1));
                  }
                }
              }
              List<String> won = new ArrayList<>();
              for (String id : ids) {
                if (lease(c, id, now)) {
                  won.add(id);
                }
              }
              return won;
            });
    inFlight.addAll(claimed);
    return claimed;
  }

  /**
   * Claims one request if it is due and nobody holds it (the hand-off right after intake); true
   * when claimed.
   */
  public boolean claim(String id) {
    if (inFlight.size() >= capacity()) {
      return false;
    }
    Instant now = clock.instant();
    boolean won = jdbc(c -> lease(c, id, now));
    if (won) {
      inFlight.add(id);
    }
    return won;
  }

  private boolean lease(Connection c, String id, Instant now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "update data_request set lease_owner = ?, lease_until = ?, "
                + "attempts = attempts + 1, version = version + 1 where id = ? and "
                + CLAIMABLE)) {
      update.setString(1, owner);
      update.setTimestamp(2, Timestamp.from(now.plus(lease())));
      update.setString(3, id);
      update.setTimestamp(4, Timestamp.from(now));
      update.setTimestamp(5, Timestamp.from(now));
      return update.executeUpdate() == 1;
    }
  }

  /**
   * A pass ended: this worker lets go of the request (whatever the pass committed stays; due_at
   * says what next).
   */
  public void release(String id) {
    inFlight.remove(id);
    jdbc(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "update data_request set lease_owner = null, lease_until = null where id = ? and lease_owner = ?")) {
            update.setString(1, id);
            update.setString(2, owner);
            return update.executeUpdate();
          }
        });
  }

  /**
   * The pass could not go on for a passing reason (the database or a source briefly unreachable):
   * the request is due again after the retry back-off, doubled per earlier attempt up to 32 times;
   * the claim is let go.
   */
  public void retryLater(String id, int attempts) {
    inFlight.remove(id);
    Instant at = clock.instant().plus(retryDelay(attempts));
    jdbc(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "update data_request set due_at = ?, lease_owner = null, "
                      + "lease_until = null, version = version + 1 where id = ? and lease_owner = ? and due_at is not null")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, id);
            update.setString(3, owner);
            return update.executeUpdate();
          }
        });
  }

  /**
   * The back-off before attempt {@code attempts + 1}: the retry back-off doubled per earlier
   * attempt, at most ×32.
   */
  public Duration retryDelay(int attempts) {
    return Duration.parse(retryBackoffText)
        .multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 5));
  }

  /**
   * Renews the leases of the requests this worker is working on; returns how many rows it still
   * holds.
   */
  public int renew() {
    Collection<String> ids = inFlight();
    if (ids.isEmpty()) {
      return 0;
    }
    Instant until = clock.instant().plus(lease());
    return jdbc(
        c -> {
          int held = 0;
          try (PreparedStatement update =
              c.prepareStatement(
                  "update data_request set lease_until = ? where id = ? and lease_owner = ?")) {
            for (String id : ids) {
              update.setTimestamp(1, Timestamp.from(until));
              update.setString(2, id);
              update.setString(3, owner);
              held += update.executeUpdate();
            }
          }
          return held;
        });
  }

  /**
   * At a clean stop, after the routes stopped: every claim of this worker is let go, so another
   * member goes on at once.
   */
  public void releaseAll() {
    inFlight.clear();
    jdbc(
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "update data_request set lease_owner = null, lease_until = null where lease_owner = ?")) {
            update.setString(1, owner);
            return update.executeUpdate();
          }
        });
  }

  /**
   * The number of requests due now and not claimed, counted at most once a second (admission,
   * #16.2).
   */
  public long dueBacklog() {
    long now = System.nanoTime();
    long at = backlogAt.get();
    if (at != 0 && now - at < 1_000_000_000L) {
      return backlog;
    }
    if (backlogAt.compareAndSet(at, now)) {
      Instant t = clock.instant();
      backlog =
          jdbc(
              c -> {
                try (PreparedStatement count =
                    c.prepareStatement("select count(*) from data_request where " + CLAIMABLE)) {
                  count.setTimestamp(1, Timestamp.from(t));
                  count.setTimestamp(2, Timestamp.from(t));
                  try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                  }
                }
              });
    }
    return backlog;
  }

  private interface Sql<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one short JDBC transaction of its own (no JPA: these are single-row
   * conditional writes).
   */
  private <T> T jdbc(Sql<T> work) {
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new WorkStoreUnavailable(e);
    }
  }

  /**
   * The database did not answer a claim or a lease write; the work stays in the table and is taken
   * up later.
   */
  public static final class WorkStoreUnavailable extends RuntimeException {
    WorkStoreUnavailable(SQLException cause) {
      super("work table not reachable: " + cause.getMessage(), cause);
    }
  }
}
