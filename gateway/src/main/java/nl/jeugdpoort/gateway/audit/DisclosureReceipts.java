package nl.jeugdpoort.gateway.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestListing;
import nl.jeugdpoort.gateway.persistence.RequestStatus;

/**
 * Signed disclosure receipts for families (A1, A2, issue #20.4; docs/audit.md "Receipts for
 * families"). A receipt is a compact JWS ({@code typ} {@value #TYPE}, ES256, the key that signs the
 * audit checkpoints) that states what one release or refusal was — the request, its outcome, the
 * requesting and the source organisation, purpose, legal basis, categories, counts, the rule ids —
 * and the audit entry it is anchored to: that entry's {@code seq} and {@code hash}.
 *
 * <p>A receipt is built when it is asked for, from the anchoring entry once that entry is chained;
 * before that there is none ({@link Issued.Pending}). Building one makes sure a signed checkpoint
 * covers the anchor (it signs one, reason {@code receipt}, when the newest does not), so the
 * signing key is in {@code /auth/audit-jwks} and the receipt can be checked at once. {@link
 * #verify} checks a receipt for anyone: the signature against the published keys, the anchor's
 * place and hash in the chain, and the chain from the anchor up to the first signed checkpoint that
 * covers it. The receipt names no youth: no BSN, no name.
 */
public final class DisclosureReceipts {
  /** The JWS {@code typ} of a receipt. */
  public static final String TYPE = "jeugdpoort-disclosure-receipt+jwt";

  /** The most characters a receipt handed to {@link #verify} may have. */
  public static final int MAX_LENGTH = 16_000;

  private final Database database;
  private final Clock clock;
  private final Supplier<ECKey> key;
  private final AuditCheckpoints checkpoints;

  public DisclosureReceipts(
      Database database, Clock clock, Supplier<ECKey> key, AuditCheckpoints checkpoints) {
    this.database = database;
    this.clock = clock;
    this.key = key;
    this.checkpoints = checkpoints;
  }

  /** A receipt for a request, or why there is none yet. */
  public sealed interface Issued {
    /** The receipt, anchored to the chained entry at {@code seq}. */
    record Ready(String jws, long seq, String hash) implements Issued {}

    /** The anchoring entry is not chained yet: ask again in a moment. */
    record Pending() implements Issued {}
  }

  /**
   * The audit entry a request's receipt is anchored to: for a release the {@code release} entry
   * (for a request answered by an earlier release, P5, its {@code decision}); for a refusal by the
   * rules the {@code decision} with outcome {@code refused}; for a refusal by the source (P6) the
   * {@code source-refusal}. Empty for any other status: no receipt.
   */
  public Optional<AuditEntryEntity> anchor(DataRequestEntity r) {
    if (!hasReceipt(r.businessStatus())) {
      return Optional.empty();
    }
    return anchorAmong(
        r.businessStatus(),
        database.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.requestId = :r and a.eventType in :t",
                        AuditEntryEntity.class)
                    .setParameter("r", r.id())
                    .setParameter("t", ANCHOR_TYPES)
                    .getResultList()));
  }

  /** The event types an anchoring entry has. */
  public static final List<String> ANCHOR_TYPES = List.of("release", "decision", "source-refusal");

  /**
   * The anchor (as {@link #anchor}) among the audit entries of one request, given in any order: the
   * latest of the kind its status calls for.
   */
  public static Optional<AuditEntryEntity> anchorAmong(
      RequestStatus status, List<AuditEntryEntity> entries) {
    List<AuditEntryEntity> newestFirst =
        entries.stream()
            .sorted(
                java.util.Comparator.comparing(
                        AuditEntryEntity::entryNo,
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                    .reversed())
            .toList();
    return switch (status) {
      case RELEASED, PARTIALLY_RELEASED ->
          first(newestFirst, "release", "success")
              .or(() -> first(newestFirst, "decision", "success"));
      case REFUSED -> first(newestFirst, "decision", "refused");
      case SOURCE_REFUSED -> first(newestFirst, "source-refusal", "refused");
      default -> Optional.empty();
    };
  }

  /** True when the request's status is one a receipt is made for (released or refused). */
  public static boolean hasReceipt(RequestStatus status) {
    return switch (status) {
      case RELEASED, PARTIALLY_RELEASED, REFUSED, SOURCE_REFUSED -> true;
      default -> false;
    };
  }

  private static Optional<AuditEntryEntity> first(
      List<AuditEntryEntity> newestFirst, String eventType, String outcome) {
    return newestFirst.stream()
        .filter(e -> eventType.equals(e.eventType()) && outcome.equals(e.outcome()))
        .findFirst();
  }

  /**
   * The receipt of {@code r} (which must have a receipt status, {@link #hasReceipt}); {@link
   * Issued.Pending} while its anchoring entry waits to be chained.
   *
   * @throws IllegalStateException when the request has no anchoring entry (should not happen: the
   *     step that ended it wrote one in the same transaction)
   */
  public Issued issue(DataRequestEntity r) {
    if (!hasReceipt(r.businessStatus())) {
      throw new IllegalArgumentException(
          "request " + r.id() + " is " + r.businessStatus().code() + ": no receipt");
    }
    AuditEntryEntity anchor =
        anchor(r)
            .orElseThrow(
                () -> new IllegalStateException("request " + r.id() + " has no anchoring entry"));
    if (!anchor.chained()) {
      return new Issued.Pending();
    }
    Optional<AuditCheckpoints.Checkpoint> newest = checkpoints.latest();
    if (newest.isEmpty() || newest.get().seq() < anchor.seq()) {
      checkpoints.sign("receipt");
    }
    return new Issued.Ready(sign(claims(r, anchor)), anchor.seq(), anchor.hash());
  }

  /** What the receipt of {@code r} anchored to {@code anchor} states. */
  JWTClaimsSet claims(DataRequestEntity r, AuditEntryEntity anchor) {
    Map<String, String> names =
        new RequestListing(database).organisationNames(List.of(r.requesterOrg(), r.sourceOrg()));
    Map<String, Object> requester = new LinkedHashMap<>();
    requester.put("organisation", r.requesterOrg());
    requester.put("organisationName", names.get(r.requesterOrg()));
    requester.put("role", r.requesterRole());
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("organisation", r.sourceOrg());
    source.put("organisationName", names.get(r.sourceOrg()));
    Map<String, Object> anchored = new LinkedHashMap<>();
    anchored.put("seq", anchor.seq());
    anchored.put("hash", anchor.hash());
    anchored.put("entry", anchor.id());
    anchored.put("eventType", anchor.eventType());
    anchored.put("recordedAt", anchor.recordedAt().toString());
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer("jeugdpoort")
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS)))
            .claim("request", r.id())
            .claim("outcome", r.businessStatus().code())
            .claim("requestedAt", r.createdAt().truncatedTo(ChronoUnit.MILLIS).toString())
            .claim("decidedAt", anchor.recordedAt().toString())
            .claim("requester", requester)
            .claim("source", source)
            .claim("purpose", r.purpose())
            .claim("legalBasis", r.legalBasis())
            .claim("categories", List.copyOf(new TreeSet<>(r.categories())))
            .claim("rules", rules(anchor.ruleIds()))
            .claim("anchor", anchored);
    if (r.releaseId() != null) {
      ReleaseEntity release = database.read(em -> em.find(ReleaseEntity.class, r.releaseId()));
      Map<String, Object> items = new LinkedHashMap<>();
      items.put("release", r.releaseId());
      if (release != null) {
        items.put("released", release.itemCount());
        items.put("withheld", release.withheldCount());
      }
      b.claim("items", items);
    }
    return b.build();
  }

  private static List<String> rules(String ruleIds) {
    return ruleIds == null || ruleIds.isBlank() ? List.of() : List.of(ruleIds.split(","));
  }

  private String sign(JWTClaimsSet claims) {
    return AuditCheckpoints.signJws(key.get(), TYPE, claims);
  }

  /** What a check of a receipt found; {@link #code} is one of the {@code Check} names. */
  public enum Check {
    /** Signature, anchor and checkpoint are all right. */
    VALID("valid"),
    /** Not a compact JWS, not a Jeugdpoort receipt, or without its anchor. */
    MALFORMED("malformed"),
    /** The signature does not verify, or the key is not one of the published keys. */
    SIGNATURE_BAD("signature-bad"),
    /** No entry has the anchor's seq in the chain. */
    ENTRY_NOT_IN_CHAIN("entry-not-in-chain"),
    /** The entry at the anchor's seq has another hash (or another id) than the receipt states. */
    HASH_DIFFERS("hash-differs"),
    /** No signed checkpoint covers the anchor's seq yet. */
    NOT_CHECKPOINTED("not-checkpointed"),
    /** The chain from the anchor to the checkpoint that covers it does not verify. */
    CHAIN_BROKEN("chain-broken"),
    /** The anchor was moved to the archive: check it offline against the archive file. */
    ARCHIVED("archived");

    private final String code;

    Check(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The result of {@link #verify}.
   *
   * @param check what was found
   * @param problem what is wrong, in English (null when valid)
   * @param claims the receipt's own claims (when it could be read; nothing else is revealed)
   * @param checkpointSeq the seq of the signed checkpoint that covers the anchor (when found)
   * @param checkpointJws that checkpoint (when found)
   */
  public record Verdict(
      Check check,
      String problem,
      Map<String, Object> claims,
      Long checkpointSeq,
      String checkpointJws) {
    public boolean valid() {
      return check == Check.VALID;
    }

    static Verdict bad(Check check, String problem, Map<String, Object> claims) {
      return new Verdict(check, problem, claims, null, null);
    }
  }

  /**
   * Checks a receipt: its ES256 signature with the key its {@code kid} names among the keys that
   * sign checkpoints ({@code /auth/audit-jwks}); that the chain has an entry at the anchor's seq
   * with the anchor's hash and entry id; that a signed checkpoint at or after that seq exists (the
   * first one is used; its own signature is checked); and that the chain from the anchor up to that
   * checkpoint recomputes and ends in the checkpoint's hash.
   */
  public Verdict verify(String compact) {
    if (compact == null || compact.isBlank() || compact.length() > MAX_LENGTH) {
      return Verdict.bad(
          Check.MALFORMED, "no receipt, or longer than " + MAX_LENGTH + " characters", null);
    }
    SignedJWT jwt;
    Map<String, Object> claims;
    try {
      jwt = SignedJWT.parse(compact.strip());
      claims = jwt.getJWTClaimsSet().toJSONObject();
    } catch (ParseException e) {
      return Verdict.bad(Check.MALFORMED, "not a compact JWS with JSON claims", null);
    }
    JWSHeader header = jwt.getHeader();
    if (header.getType() == null || !TYPE.equals(header.getType().getType())) {
      return Verdict.bad(Check.MALFORMED, "not a Jeugdpoort disclosure receipt (typ)", null);
    }
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
      return Verdict.bad(Check.SIGNATURE_BAD, "not signed with ES256 and a key id", null);
    }
    JWK jwk = checkpoints.keys().getKeyByKeyId(header.getKeyID());
    if (!(jwk instanceof ECKey ec)) {
      return Verdict.bad(
          Check.SIGNATURE_BAD,
          "signed with a key that is not published at /auth/audit-jwks (kid "
              + header.getKeyID()
              + ")",
          null);
    }
    try {
      if (!jwt.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
        return Verdict.bad(Check.SIGNATURE_BAD, "the signature does not verify", null);
      }
    } catch (JOSEException e) {
      return Verdict.bad(Check.SIGNATURE_BAD, "the signature cannot be checked", null);
    }
    // From here on the claims are the gateway's own: they may be shown back.
    if (!(claims.get("anchor") instanceof Map<?, ?> anchor)
        || !(anchor.get("seq") instanceof Number seqNumber)
        || !(anchor.get("hash") instanceof String hash)
        || !(anchor.get("entry") instanceof String entryId)) {
      return Verdict.bad(Check.MALFORMED, "the receipt has no anchor (seq, hash, entry)", claims);
    }
    long seq = seqNumber.longValue();
    AuditArchive.Boundary boundary = AuditArchive.boundary(database);
    if (seq <= boundary.seq()) {
      return Verdict.bad(
          Check.ARCHIVED,
          "the entry at seq "
              + seq
              + " was archived (the hot table starts after seq "
              + boundary.seq()
              + "): check it offline against the archive file",
          claims);
    }
    AuditEntryEntity entry =
        database
            .read(
                em ->
                    em.createQuery(
                            "select a from AuditEntryEntity a where a.seq = :s",
                            AuditEntryEntity.class)
                        .setParameter("s", seq)
                        .getResultList())
            .stream()
            .findFirst()
            .orElse(null);
    if (entry == null) {
      return Verdict.bad(Check.ENTRY_NOT_IN_CHAIN, "the chain has no entry at seq " + seq, claims);
    }
    if (!hash.equals(entry.hash()) || !entryId.equals(entry.id())) {
      return Verdict.bad(
          Check.HASH_DIFFERS,
          "the entry at seq "
              + seq
              + " has hash "
              + entry.hash()
              + ", not the receipt's "
              + hash
              + (entryId.equals(entry.id()) ? "" : " (and another entry id)"),
          claims);
    }
    Optional<Object[]> covering = firstCheckpointFrom(seq);
    if (covering.isEmpty()) {
      return Verdict.bad(
          Check.NOT_CHECKPOINTED, "no signed checkpoint covers seq " + seq + " yet", claims);
    }
    long cpSeq = ((Number) covering.get()[0]).longValue();
    String cpHash = (String) covering.get()[1];
    String cpJws = (String) covering.get()[2];
    String cpKey = (String) covering.get()[3];
    if (!checkpointSigned(cpJws, cpKey, cpSeq, cpHash)) {
      return new Verdict(
          Check.CHAIN_BROKEN,
          "the checkpoint at seq " + cpSeq + " does not verify with its key",
          claims,
          cpSeq,
          cpJws);
    }
    AuditVerification.Result range =
        AuditVerification.verifyRange(
            database, new AuditArchive.Boundary(seq - 1, entry.prevHash()), cpSeq);
    if (!range.intact() || range.lastSeq() != cpSeq || !range.headHash().equals(cpHash)) {
      return new Verdict(
          Check.CHAIN_BROKEN,
          range.intact()
              ? "the chain from seq "
                  + seq
                  + " does not end in the hash of the checkpoint at seq "
                  + cpSeq
              : "the chain between seq "
                  + seq
                  + " and the checkpoint at seq "
                  + cpSeq
                  + " breaks at seq "
                  + range.firstBadSeq(),
          claims,
          cpSeq,
          cpJws);
    }
    return new Verdict(Check.VALID, null, claims, cpSeq, cpJws);
  }

  /** The first checkpoint at or after {@code seq}: seq, hash, jws, public key. */
  private Optional<Object[]> firstCheckpointFrom(long seq) {
    List<?> rows =
        database.read(
            em ->
                em.createNativeQuery(
                        "select seq, hash, jws, public_jwk from audit_checkpoint where seq >= ?1"
                            + " order by seq, signed_at")
                    .setParameter(1, seq)
                    .setMaxResults(1)
                    .getResultList());
    return rows.stream().map(r -> (Object[]) r).findFirst();
  }

  private static boolean checkpointSigned(String jws, String publicJwk, long seq, String hash) {
    try {
      SignedJWT cp = SignedJWT.parse(jws);
      ECKey key = ECKey.parse(publicJwk);
      JWTClaimsSet c = cp.getJWTClaimsSet();
      return cp.verify(new ECDSAVerifier(key.toECPublicKey()))
          && c.getLongClaim("seq") != null
          && c.getLongClaim("seq") == seq
          && hash.equals(c.getStringClaim("hash"));
    } catch (ParseException | JOSEException e) {
      return false;
    }
  }
}
