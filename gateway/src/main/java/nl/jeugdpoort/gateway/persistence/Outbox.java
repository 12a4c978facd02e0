package nl.jeugdpoort.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the e-mail outboxes share ({@code notice_delivery} for the families' notices, {@code
 * officer_alert} for the privacy officers' alerts): claiming due rows once across the cluster. The
 * state of a row (attempts, back-off, lease) is {@link OutboxRow}'s.
 */
public final class Outbox {
  /** At most this many rows per claim. */
  public static final int BATCH = 20;

  private Outbox() {}

  /**
   * A new name for a claimer on this member, as written into {@code lease_owner}: host, process id
   * and a random part (a restarted member is a new claimer).
   */
  public static String newOwner() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
        + "/"
        + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Claims the pending rows of {@code table} due at {@code now}, oldest first, at most 20, each
   * with a lease until {@code now + lease} for {@code owner}: {@code SELECT … FOR UPDATE SKIP
   * LOCKED}, then a conditional update, so each due row goes to one member. {@code condition}
   * narrows the rows further (an SQL condition on the row alias {@code d}, or empty).
   */
  public static List<String> claim(
      DataSource dataSource,
      String table,
      String condition,
      String owner,
      Duration lease,
      Instant now) {
    Timestamp t = Timestamp.from(now);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      List<String> ids = new ArrayList<>();
      try (PreparedStatement select =
          c.prepareStatement(
              "select d.id from "
                  + table
                  + " d where d.status = ? and d.next_attempt_at <= ? "
                  + "and (d.lease_until is null or d.lease_until < ?)"
                  + condition
                  + " order by d.next_attempt_at limit "
                  + BATCH
                  + " for update skip locked")) {
        select.setString(1, OutboxRow.PENDING);
        select.setTimestamp(2, t);
        select.setTimestamp(3, t);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      List<String> claimed = new ArrayList<>();
      try (PreparedStatement update =
          c.prepareStatement(
              "update "
                  + table
                  + " set lease_owner = ?, lease_until = ? "
                  + "where id = ? and status = ? and (lease_until is null or lease_until < ?)")) {
        for (String id : ids) {
          update.setString(1, owner);
          update.setTimestamp(2, Timestamp.from(now.plus(lease)));
          update.setString(3, id);
          update.setString(4, OutboxRow.PENDING);
          update.setTimestamp(5, t);
          if (update.executeUpdate() == 1) {
            claimed.add(id);
          }
        }
      }
      c.commit();
      return claimed;
    } catch (SQLException e) {
      throw new IllegalStateException(table + " not reachable: " + e.getSQLState(), e);
    }
  }
}
