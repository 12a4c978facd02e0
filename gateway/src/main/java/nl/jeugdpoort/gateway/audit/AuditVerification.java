package nl.jeugdpoort.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * Recomputes the audit chain (A2) from the database: every chained entry in seq order, its link to
 * the one before and its hash over its canonical bytes; the chain head must match the last entry.
 * Pending entries (inserted, not yet chained) are counted, not checked. Reads the chain in segments
 * of consecutive seq numbers, {@value #READERS} at a time, each by JDBC on a connection of its own
 * (no JPA entities in a persistence context) with its hashes recomputed on that reader's thread;
 * the links are then checked segment after segment, in order. So reading and hashing use every core
 * and the database serves several reads at once, memory stays bounded, and 1 M entries take seconds
 * (docs/performance.md#audit).
 */
public final class AuditVerification {
  /** Rows the driver fetches per round trip. */
  static final int FETCH = 5_000;

  /** Consecutive seq numbers read, and their hashes recomputed, as one unit of work. */
  static final int SEGMENT = 20_000;

  /** Segments read at once, each on its own connection and thread. */
  static final int READERS = 2;

  /** The columns {@link #row} reads, in its order (also the chainer's read of pending entries). */
  static final String COLUMNS =
      "id, seq, canon, recorded_at, action, event_type, outcome, actor_username, actor_role,"
          + " actor_org, on_behalf_of, access_point, youth_bsn, request_id, purpose, legal_basis,"
          + " data_description, rule_ids, detail, control_authorised, control_care_relation,"
          + " control_consent, control_override, trace_id, span_id, prev_hash, hash, chained_at";

  /**
   * The threads that read and hash segments (daemons: they hold a connection only while reading a
   * segment, and end with the JVM).
   */
  private static final ExecutorService READING =
      Executors.newFixedThreadPool(
          READERS,
          r -> {
            Thread t = new Thread(r, "jeugdpoort-audit-verify");
            t.setDaemon(true);
            return t;
          });

  private AuditVerification() {}

  /**
   * What a verification found.
   *
   * @param intact true when every checked entry links and hashes correctly and the head matches
   * @param checked the number of chained entries checked
   * @param lastSeq the seq of the last intact entry (0 when none)
   * @param headHash the hash of the last intact entry ({@link AuditLog#GENESIS} when none)
   * @param firstBadSeq the seq at which the chain breaks (-1 when intact)
   * @param firstBadId the id of that entry (null when intact or when the entry is missing)
   * @param problem what is wrong there, in English (null when intact)
   * @param pending how many entries wait to be chained
   */
  public record Result(
      boolean intact,
      long checked,
      long lastSeq,
      String headHash,
      long firstBadSeq,
      String firstBadId,
      String problem,
      long pending) {}

  /**
   * Checks chained entries given in seq order, the first expected at {@code firstSeq} after {@code
   * prev}.
   */
  static Result check(List<AuditEntryEntity> inOrder, long firstSeq, String prev) {
    Cursor cursor = new Cursor(firstSeq - 1, prev);
    for (AuditEntryEntity e : inOrder) {
      if (e.chained() && !cursor.accept(e, recompute(e))) {
        break;
      }
    }
    return cursor.result(0);
  }

  /**
   * Verifies the chain in the database — from the end of the newest archive ({@link AuditArchive})
   * on, or from seq 1 — and that the chain head agrees with its last entry.
   */
  public static Result verify(Database db) {
    return verify(db, SEGMENT);
  }

  /**
   * {@link #verify(Database)} in segments of {@code segment} seq numbers (tests use small ones).
   */
  static Result verify(Database db, int segment) {
    AuditArchive.Boundary start = AuditArchive.boundary(db);
    Result result = verifyFrom(db, start, segment);
    if (!result.intact()) {
      AuditArchive.Boundary now = AuditArchive.boundary(db);
      if (!now.equals(start)) {
        // An archive moved the boundary while the walk ran (its segments are separate reads): the
        // entries it took out are not missing. Once more from the new boundary.
        result = verifyFrom(db, now, segment);
      }
    }
    return result;
  }

  private static Result verifyFrom(Database db, AuditArchive.Boundary start, int segment) {
    Cursor cursor = walk(db, start, Long.MAX_VALUE, segment);
    long pending =
        db.read(
            em ->
                em.createQuery(
                        "select count(a) from AuditEntryEntity a where a.seq is null", Long.class)
                    .getSingleResult());
    if (cursor.problem == null) {
      Object[] head =
          db.read(
              em ->
                  (Object[])
                      em.createNativeQuery("select seq, hash from audit_chain_head where id = 1")
                          .getSingleResult());
      long headSeq = ((Number) head[0]).longValue();
      if (headSeq > cursor.seq) {
        // Chained while the walk ran: check those too, up to the head read just now.
        walk(db, cursor, headSeq, segment);
      }
      if (cursor.problem != null) {
        return cursor.result(pending);
      }
      if (headSeq != cursor.seq || !cursor.prev.equals(head[1])) {
        cursor.fail(
            cursor.seq + 1,
            null,
            "the chain head says seq "
                + headSeq
                + " with hash "
                + head[1]
                + ", but the last entry is seq "
                + cursor.seq
                + " with hash "
                + cursor.prev
                + " (entries missing at the end, or the head was changed)");
      }
    }
    return cursor.result(pending);
  }

  /** Verifies the entries after {@code from} up to seq {@code to} (for the archive step). */
  static Result verifyRange(Database db, AuditArchive.Boundary from, long to) {
    return walk(db, from, to, SEGMENT).result(0);
  }

  private static Cursor walk(Database db, AuditArchive.Boundary from, long to, int segment) {
    Cursor cursor = new Cursor(from.seq(), from.hash());
    walk(db, cursor, to, segment);
    return cursor;
  }

  /**
   * Checks the entries after the cursor up to seq {@code to}, or up to the highest seq there is if
   * that is lower: segments are read ahead on {@link #READING}, at most {@value #READERS} + 1 at a
   * time, and taken in order.
   */
  private static void walk(Database db, Cursor cursor, long to, int segment) {
    long upper = Math.min(to, highestSeq(db, cursor.seq));
    Deque<Future<Segment>> ahead = new ArrayDeque<>();
    long next = cursor.seq;
    try {
      while (cursor.problem == null && (next < upper || !ahead.isEmpty())) {
        while (next < upper && ahead.size() <= READERS) {
          long after = next;
          long last = upper - next <= segment ? upper : next + segment;
          ahead.add(READING.submit(() -> segment(db, after, last)));
          next = last;
        }
        Segment read = done(ahead.poll());
        for (int i = 0; i < read.entries.size(); i++) {
          if (!cursor.accept(read.entries.get(i), read.hashes[i])) {
            break;
          }
        }
        if (cursor.problem == null && cursor.seq < read.last) {
          // The segment ended early: the next entry is missing. Named now, not after walking
          // every empty segment up to the next seq there is (which may be huge).
          long present = nextSeq(db, cursor.seq);
          cursor.fail(
              cursor.seq + 1,
              null,
              "entry with seq " + (cursor.seq + 1) + " is missing (next present: " + present + ")");
        }
      }
    } finally {
      // Not interrupted: a JDBC read in progress finishes (an interrupt can close H2's file).
      ahead.forEach(f -> f.cancel(false));
    }
  }

  /** The lowest seq after {@code after}, or {@code after} when there is none. */
  private static long nextSeq(Database db, long after) {
    return seqAfter(db, "min", after);
  }

  /** The highest seq after {@code after}, or {@code after} when there is none. */
  private static long highestSeq(Database db, long after) {
    return seqAfter(db, "max", after);
  }

  private static long seqAfter(Database db, String aggregate, long after) {
    Number seq =
        db.read(
            em ->
                (Number)
                    em.createNativeQuery(
                            "select " + aggregate + "(seq) from audit_entry where seq > ?1")
                        .setParameter(1, after)
                        .getSingleResult());
    return seq == null ? after : seq.longValue();
  }

  /** The chained entries of one segment in seq order, with their recomputed hashes. */
  private record Segment(long last, List<AuditEntryEntity> entries, String[] hashes) {}

  /** Reads the entries with {@code after < seq <= last} and recomputes their hashes. */
  private static Segment segment(Database db, long after, long last) throws SQLException {
    List<AuditEntryEntity> entries = new ArrayList<>((int) Math.min(SEGMENT, last - after));
    try (Connection c = db.dataSource().getConnection()) {
      boolean auto = c.getAutoCommit();
      // PostgreSQL streams with a fetch size only inside a transaction.
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (PreparedStatement ps =
          c.prepareStatement(
              "select " + COLUMNS + " from audit_entry where seq > ? and seq <= ? order by seq",
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(FETCH);
        ps.setLong(1, after);
        ps.setLong(2, last);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            entries.add(row(rs));
          }
        }
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(auto);
      }
    }
    String[] hashes = new String[entries.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = recompute(entries.get(i));
    }
    return new Segment(last, entries, hashes);
  }

  private static Segment done(Future<Segment> segment) {
    try {
      return segment.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("audit verification was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          "audit verification could not read: " + cause.getMessage(), cause);
    }
  }

  /**
   * One row of {@link #COLUMNS} as a (detached) entity, as JPA would load it; a pending row (seq
   * null) gets no chain fields.
   */
  static AuditEntryEntity row(ResultSet rs) throws SQLException {
    int canon = rs.getInt(3);
    // An entry without a form is one chained before V13 (form 1), as AuditLog.canonical reads it.
    int form = rs.wasNull() ? AuditChain.FORM_PIPE : canon;
    Timestamp chainedAt = rs.getTimestamp(28);
    AuditEntryEntity e =
        new AuditEntryEntity(
                rs.getString(1),
                rs.getTimestamp(4).toInstant(),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7))
            .actor(rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11))
            .request(rs.getString(14), rs.getString(13), rs.getString(15), rs.getString(16))
            .about(rs.getString(12), rs.getString(17), rs.getString(18), rs.getString(19))
            .controls(rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23))
            .trace(rs.getString(24), rs.getString(25));
    long seq = rs.getLong(2);
    if (rs.wasNull()) {
      return e;
    }
    e.chain(
        seq,
        rs.getString(26),
        rs.getString(27),
        form,
        chainedAt == null ? null : chainedAt.toInstant());
    return e;
  }

  /**
   * The hash an entry should have; a stored form that cannot be read gives a text that matches no
   * hash.
   */
  private static String recompute(AuditEntryEntity e) {
    try {
      return AuditChain.hash(AuditLog.canonical(e));
    } catch (IllegalArgumentException unreadable) {
      return "(unreadable: " + unreadable.getMessage() + ")";
    }
  }

  private static final class Cursor {
    long seq;
    String prev;
    long checked;
    long badSeq = -1;
    String badId;
    String problem;

    Cursor(long seq, String prev) {
      this.seq = seq;
      this.prev = prev;
    }

    boolean accept(AuditEntryEntity e, String recomputed) {
      long expected = seq + 1;
      if (e.seq() != expected) {
        return fail(
            expected,
            null,
            "entry with seq " + expected + " is missing (next present: " + e.seq() + ")");
      }
      if (!prev.equals(e.prevHash())) {
        return fail(
            e.seq(),
            e.id(),
            "its prev hash " + e.prevHash() + " is not the hash " + prev + " of the entry before");
      }
      if (!recomputed.equals(e.hash())) {
        return fail(
            e.seq(),
            e.id(),
            "its content does not match its hash (stored "
                + e.hash()
                + ", recomputed "
                + recomputed
                + ")");
      }
      seq = e.seq();
      prev = e.hash();
      checked++;
      return true;
    }

    boolean fail(long at, String id, String what) {
      badSeq = at;
      badId = id;
      problem = what;
      return false;
    }

    Result result(long pending) {
      return new Result(problem == null, checked, seq, prev, badSeq, badId, problem, pending);
    }
  }
}
