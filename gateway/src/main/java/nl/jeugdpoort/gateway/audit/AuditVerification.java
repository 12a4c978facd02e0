package nl.jeugdpoort.gateway.audit;

import java.util.List;
import nl.jeugdpoort.fhir.audit.AuditChain;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * Recomputes the audit chain (A2) from the database: every chained entry in seq order, its link to
 * the one before and its hash over its canonical bytes; the chain head must match the last entry.
 * Pending entries (inserted, not yet chained) are counted, not checked. Reads in pages, so memory
 * stays flat.
 */
public final class AuditVerification {
  private static final int PAGE = 5_000;

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
    boolean more = true;
    while (more && cursor.problem == null && cursor.seq < to) {
      long after = cursor.seq;
      List<AuditEntryEntity> page =
          db.read(
              em ->
                  em.createQuery(
                          "select a from AuditEntryEntity a where a.seq > :after and a.seq <= :to order by a.seq",
                          AuditEntryEntity.class)
                      .setParameter("after", after)
                      .setParameter("to", to)
                      .setMaxResults(PAGE)
                      .getResultList());
      // The hashes of a page are recomputed on all cores; the links are then checked in order.
      List<String> hashes = page.parallelStream().map(AuditVerification::recompute).toList();
      for (int i = 0; i < page.size(); i++) {
        if (!cursor.accept(page.get(i), hashes.get(i))) {
          break;
        }
      }
      more = page.size() == PAGE;
    }
    return cursor;
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
