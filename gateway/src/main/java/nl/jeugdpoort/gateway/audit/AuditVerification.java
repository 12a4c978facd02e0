package nl.jeugdpoort.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * Recomputes the audit chain (A2) from the database: every chained entry in seq order, its link to
 * the one before and its hash over its canonical bytes; the chain head must match the last entry.
 * Pending entries (inserted, not yet chained) are counted, not checked. Streams the entries with
 * one JDBC query (a large fetch size, no JPA entities in a persistence context) and recomputes the
 * hashes of each chunk on all cores, so memory stays flat and 1 M entries take seconds
 * (docs/performance.md#audit).
 */
public final class AuditVerification {
  /** Rows the driver fetches per round trip. */
  static final int FETCH = 10_000;

  /** Entries whose hashes are recomputed together, in parallel, before their links are checked. */
  private static final int CHUNK = 20_000;

  /** The columns {@link #row} reads, in its order (also the chainer's read of pending entries). */
  static final String COLUMNS =
      "id, seq, canon, recorded_at, action, event_type, outcome, actor_username, actor_role,"
          + " actor_org, on_behalf_of, access_point, youth_bsn, request_id, purpose, legal_basis,"
          + " data_description, rule_ids, detail, control_authorised, control_care_relation,"
          + " control_consent, control_override, trace_id, span_id, prev_hash, hash, chained_at";

  /**
   * The thread that checks a chunk while the next one is read (a daemon: it holds no resource and
   * ends with the JVM).
   */
  private static final ExecutorService HASHING =
      Executors.newCachedThreadPool(
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
    AuditArchive.Boundary start = AuditArchive.boundary(db);
    Cursor cursor = walk(db, start, Long.MAX_VALUE);
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
    return walk(db, from, to).result(0);
  }

  private static Cursor walk(Database db, AuditArchive.Boundary from, long to) {
    Cursor cursor = new Cursor(from.seq(), from.hash());
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
        ps.setLong(1, from.seq());
        ps.setLong(2, to);
        try (ResultSet rs = ps.executeQuery()) {
          // Reading the next chunk overlaps with hashing the one before (on another thread); the
          // read itself is sequential.
          CompletableFuture<Void> checking = CompletableFuture.completedFuture(null);
          boolean more = true;
          while (more) {
            List<AuditEntryEntity> chunk = new ArrayList<>(CHUNK);
            while (chunk.size() < CHUNK && (more = rs.next())) {
              chunk.add(row(rs));
            }
            checking.join();
            if (cursor.problem != null) {
              break;
            }
            checking = CompletableFuture.runAsync(() -> check(cursor, chunk), HASHING);
          }
          checking.join();
        }
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit verification could not read: " + e.getMessage(), e);
    }
    return cursor;
  }

  /**
   * The pool a chunk's hashes are recomputed in: its own, so that a long verification does not take
   * the JVM's common pool (every parallel stream and async task of the server) from other work.
   */
  private static final ForkJoinPool RECOMPUTING =
      new ForkJoinPool(
          Runtime.getRuntime().availableProcessors(),
          pool -> {
            ForkJoinWorkerThread t =
                ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("jeugdpoort-audit-hash-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
          },
          null,
          false);

  /** Recomputes the hashes of a chunk on all cores, then checks the links in order. */
  private static void check(Cursor cursor, List<AuditEntryEntity> chunk) {
    List<String> hashes =
        RECOMPUTING
            .submit(() -> chunk.parallelStream().map(AuditVerification::recompute).toList())
            .join();
    for (int i = 0; i < chunk.size(); i++) {
      if (!cursor.accept(chunk.get(i), hashes.get(i))) {
        return;
      }
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
