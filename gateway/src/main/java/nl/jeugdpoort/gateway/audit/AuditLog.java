package nl.jeugdpoort.gateway.audit;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;

/**
 * Appends entries to the hash-chained audit log (A2). Each entry's hash is SHA-256 over the previous
 * entry's hash and the entry's own fields; {@link #verify} recomputes the chain. Appends join the
 * caller's write transaction, so a step and its audit entry are kept or lost together.
 */
public final class AuditLog {
  /** The hash the first entry chains to. */
  public static final String GENESIS = "0".repeat(64);

  private final Clock clock;

  public AuditLog(Clock clock) {
    this.clock = clock;
  }

  /** Appends one entry inside the caller's transaction (which must be a {@code Database.write}). */
  public AuditEntryEntity append(EntityManager em, AuditRecord given) {
    AuditRecord r = fitted(given);
    List<AuditEntryEntity> last =
        em.createQuery("select a from AuditEntryEntity a order by a.seq desc", AuditEntryEntity.class)
            .setMaxResults(1)
            .getResultList();
    long seq = last.isEmpty() ? 1 : last.get(0).seq() + 1;
    String prev = last.isEmpty() ? GENESIS : last.get(0).hash();
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String id = UUID.randomUUID().toString();
    String ruleIds = String.join(",", r.ruleIds());
    AuditRecord.Controls c = r.controls();
    String hash = hash(prev, seq, id, at, r.action(), r.eventType(), r.outcome(), r.actor().username(),
        r.actor().role(), r.actor().organisation(), r.actor().onBehalfOf(), r.accessPoint(), r.youthBsn(),
        r.requestId(), r.purpose(), r.legalBasis(), r.dataDescription(), ruleIds, r.detail(),
        c.authorised(), c.careRelation(), c.consent(), c.override());
    AuditEntryEntity entry = new AuditEntryEntity(seq, id, at, r.action(), r.eventType(), r.outcome(),
        r.actor().username(), r.actor().role(), r.actor().organisation(), r.actor().onBehalfOf(),
        r.accessPoint(), r.youthBsn(), r.requestId(), r.purpose(), r.legalBasis(), r.dataDescription(),
        ruleIds, truncate(r.detail(), 4000), c.authorised(), c.careRelation(), c.consent(), c.override(),
        prev, hash);
    em.persist(entry);
    return entry;
  }

  /** Recomputes the chain; returns the seq of the first broken entry, or -1 when the chain is intact. */
  public static long verify(List<AuditEntryEntity> entriesInOrder) {
    String prev = GENESIS;
    for (AuditEntryEntity e : entriesInOrder) {
      String expected = hash(prev, e.seq(), e.id(), e.recordedAt(), e.action(), e.eventType(), e.outcome(),
          e.actorUsername(), e.actorRole(), e.actorOrg(), e.onBehalfOf(), e.accessPoint(), e.youthBsn(),
          e.requestId(), e.purpose(), e.legalBasis(), e.dataDescription(), e.ruleIds(), e.detail(),
          e.controlAuthorised(), e.controlCareRelation(), e.controlConsent(), e.controlOverride());
      if (!e.prevHash().equals(prev) || !e.hash().equals(expected)) {
        return e.seq();
      }
      prev = e.hash();
    }
    return -1;
  }

  private static String hash(String prev, long seq, String id, Instant at, String... fields) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder canonical = new StringBuilder(prev).append('|').append(seq).append('|').append(id)
          .append('|').append(at.toEpochMilli());
      for (String f : fields) {
        // Length-prefixed so that no two field lists give the same text.
        String v = Objects.toString(truncate(f, 4000), "");
        canonical.append('|').append(v.length()).append(':').append(v);
      }
      return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /**
   * The record with every field cut to its column's width (V1 schema), so that a long value a caller
   * sent (a 100-character client id, a long user name) can never make the entry fail. A cut value ends
   * in "…" (one character of the width), so that the truncation is visible.
   */
  static AuditRecord fitted(AuditRecord r) {
    AuditRecord.Actor a = r.actor();
    AuditRecord.Actor actor = new AuditRecord.Actor(cut(a.username(), 64), cut(a.role(), 64), cut(a.organisation(), 64),
        cut(a.onBehalfOf(), 200));
    String ruleIds = String.join(",", r.ruleIds());
    AuditRecord.Controls c = r.controls();
    return new AuditRecord(r.action(), cut(r.eventType(), 64), cut(r.outcome(), 16), actor, cut(r.accessPoint(), 100),
        cut(r.youthBsn(), 9), cut(r.requestId(), 36), cut(r.purpose(), 64), cut(r.legalBasis(), 32),
        cut(r.dataDescription(), 1000), ruleIds.length() <= 500 ? r.ruleIds() : java.util.List.of(cut(ruleIds, 500)),
        cut(r.detail(), 4000), new AuditRecord.Controls(cut(c.authorised(), 8), cut(c.careRelation(), 8),
            cut(c.consent(), 8), cut(c.override(), 8)));
  }

  private static String cut(String s, int width) {
    return s == null || s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
