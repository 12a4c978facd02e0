package nl.jeugdpoort.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #20.4: a disclosure receipt is issued only once its anchoring entry is chained, is covered by a
 * signed checkpoint when it is issued, and verifies; every kind of tampering gives its own answer.
 */
class DisclosureReceiptsTest {
  private AuditArchiveTest.MutableClock clock;
  private Database db;
  private AuditLog log;
  private AuditChainer chainer;
  private ECKey key;
  private AuditCheckpoints checkpoints;
  private DisclosureReceipts receipts;

  @BeforeEach
  void setUp() throws Exception {
    clock = new AuditArchiveTest.MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    db =
        new Database(
            new DatabaseSettings(
                "jdbc:h2:mem:receipts" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4));
    log = new AuditLog(clock);
    chainer = new AuditChainer(db, clock, Duration.ofSeconds(1));
    key = new ECKeyGenerator(Curve.P_256).keyID("receipt-key").generate();
    checkpoints = new AuditCheckpoints(db, clock, () -> key);
    receipts = new DisclosureReceipts(db, clock, () -> key, checkpoints);
  }

  @AfterEach
  void tearDown() {
    chainer.close();
    db.close();
  }

  @Test
  void a_release_gets_a_receipt_once_chained_and_it_verifies() throws Exception {
    DataRequestEntity r = released("req-rel");
    assertThat(receipts.issue(r)).isInstanceOf(DisclosureReceipts.Issued.Pending.class);
    chainer.chainAll();
    assertThat(checkpoints.latest()).isEmpty();

    DisclosureReceipts.Issued issued = receipts.issue(r);
    assertThat(issued).isInstanceOf(DisclosureReceipts.Issued.Ready.class);
    DisclosureReceipts.Issued.Ready ready = (DisclosureReceipts.Issued.Ready) issued;
    // Issuing signed a checkpoint that covers the anchor.
    assertThat(checkpoints.latest().orElseThrow().seq()).isGreaterThanOrEqualTo(ready.seq());
    assertThat(checkpoints.latest().orElseThrow().reason()).isEqualTo("receipt");

    SignedJWT jwt = SignedJWT.parse(ready.jws());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo(DisclosureReceipts.TYPE);
    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(c.getStringClaim("request")).isEqualTo("req-rel");
    assertThat(c.getStringClaim("outcome")).isEqualTo("released");
    assertThat(c.getStringClaim("purpose")).isEqualTo("care-coordination");
    assertThat(c.getStringClaim("legalBasis")).isEqualTo("consent");
    assertThat(c.getStringListClaim("categories")).containsExactly("care-plan", "safety");
    assertThat(c.getJSONObjectClaim("requester")).containsEntry("organisation", "wijk");
    assertThat(c.getJSONObjectClaim("source")).containsEntry("organisation", "bron");
    assertThat(c.getJSONObjectClaim("items")).containsEntry("released", 3L);
    Map<String, Object> anchor = c.getJSONObjectClaim("anchor");
    assertThat(anchor).containsEntry("eventType", "release").containsEntry("hash", ready.hash());
    // No youth in the receipt.
    assertThat(c.toString()).doesNotContain("111222333");

    DisclosureReceipts.Verdict v = receipts.verify(ready.jws());
    assertThat(v.check()).as(v.problem()).isEqualTo(DisclosureReceipts.Check.VALID);
    assertThat(v.checkpointSeq()).isGreaterThanOrEqualTo(ready.seq());

    // A second download reuses the checkpoint: none is signed while the anchor stays covered.
    int before = checkpoints.list(100).size();
    receipts.issue(r);
    assertThat(checkpoints.list(100)).hasSize(before);
  }

  @Test
  void a_refusal_gets_a_receipt_anchored_to_its_decision() throws Exception {
    DataRequestEntity r = request("req-ref");
    db.write(
        em -> {
          DataRequestEntity stored = em.find(DataRequestEntity.class, r.id());
          stored.moveTo(RequestStatus.REFUSED, "geweigerd", clock.instant());
          log.append(
              em,
              RequestAudit.step(stored, "E", "decision", "refused").withRules(List.of("O1", "P3")));
          return null;
        });
    chainer.chainAll();
    DataRequestEntity refused = db.read(em -> em.find(DataRequestEntity.class, "req-ref"));
    DisclosureReceipts.Issued.Ready ready =
        (DisclosureReceipts.Issued.Ready) receipts.issue(refused);
    JWTClaimsSet c = SignedJWT.parse(ready.jws()).getJWTClaimsSet();
    assertThat(c.getStringClaim("outcome")).isEqualTo("refused");
    assertThat(c.getStringListClaim("rules")).containsExactly("O1", "P3");
    assertThat(c.getClaim("items")).isNull();
    assertThat(receipts.verify(ready.jws()).valid()).isTrue();
  }

  @Test
  void a_pending_request_has_no_receipt() {
    DataRequestEntity r = request("req-open");
    assertThat(DisclosureReceipts.hasReceipt(r.businessStatus())).isFalse();
    assertThat(receipts.anchor(r)).isEmpty();
  }

  @Test
  void an_altered_payload_or_a_foreign_key_is_a_bad_signature() throws Exception {
    String jws = readyReceipt("req-sig");
    String[] parts = jws.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"released\"", "\"refused\"");
    String altered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThat(receipts.verify(altered).check()).isEqualTo(DisclosureReceipts.Check.SIGNATURE_BAD);
    assertThat(receipts.verify(altered).claims()).isNull();

    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("receipt-key").generate();
    String forged = signWith(other, SignedJWT.parse(jws).getJWTClaimsSet());
    assertThat(receipts.verify(forged).check()).isEqualTo(DisclosureReceipts.Check.SIGNATURE_BAD);

    ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("unknown-key").generate();
    DisclosureReceipts.Verdict v =
        receipts.verify(signWith(unknown, SignedJWT.parse(jws).getJWTClaimsSet()));
    assertThat(v.check()).isEqualTo(DisclosureReceipts.Check.SIGNATURE_BAD);
    assertThat(v.problem()).contains("not published");

    assertThat(receipts.verify("not a receipt").check())
        .isEqualTo(DisclosureReceipts.Check.MALFORMED);
    assertThat(receipts.verify(checkpoints.latest().orElseThrow().jws()).check())
        .as("a checkpoint is no receipt")
        .isEqualTo(DisclosureReceipts.Check.MALFORMED);
  }

  @Test
  void an_unknown_seq_or_another_hash_is_found() throws Exception {
    String jws = readyReceipt("req-anchor");
    JWTClaimsSet claims = SignedJWT.parse(jws).getJWTClaimsSet();

    String farAway = signWith(key, withAnchor(claims, "seq", 9_999L));
    assertThat(receipts.verify(farAway).check())
        .isEqualTo(DisclosureReceipts.Check.ENTRY_NOT_IN_CHAIN);

    String otherHash = signWith(key, withAnchor(claims, "hash", "ab".repeat(32)));
    DisclosureReceipts.Verdict v = receipts.verify(otherHash);
    assertThat(v.check()).isEqualTo(DisclosureReceipts.Check.HASH_DIFFERS);
    assertThat(v.claims()).containsKey("anchor");
  }

  @Test
  void an_entry_not_yet_covered_by_a_checkpoint_is_said_so() throws Exception {
    readyReceipt("req-first");
    DataRequestEntity later = released("req-later");
    chainer.chainAll();
    AuditEntryEntity anchor = receipts.anchor(later).orElseThrow();
    assertThat(anchor.seq()).isGreaterThan(checkpoints.latest().orElseThrow().seq());
    // Signed, but not issued through issue(): no checkpoint was signed for it.
    String jws = signWith(key, receipts.claims(later, anchor));
    assertThat(receipts.verify(jws).check()).isEqualTo(DisclosureReceipts.Check.NOT_CHECKPOINTED);
    checkpoints.sign("request");
    assertThat(receipts.verify(jws).valid()).isTrue();
  }

  @Test
  void an_entry_altered_between_the_anchor_and_its_checkpoint_breaks_the_receipt() {
    String jws = readyReceipt("req-chain");
    long seq = checkpoints.latest().orElseThrow().seq();
    db.write(
        em ->
            em.createNativeQuery("update audit_entry set detail = 'rewritten' where seq = ?1")
                .setParameter(1, seq)
                .executeUpdate());
    DisclosureReceipts.Verdict v = receipts.verify(jws);
    assertThat(v.check()).isEqualTo(DisclosureReceipts.Check.CHAIN_BROKEN);
    assertThat(v.problem()).contains("breaks at seq " + seq);
  }

  private String readyReceipt(String id) {
    DataRequestEntity r = released(id);
    chainer.chainAll();
    return ((DisclosureReceipts.Issued.Ready) receipts.issue(r)).jws();
  }

  private DataRequestEntity request(String id) {
    DataRequestEntity r =
        new DataRequestEntity(
            id,
            clock.instant(),
            "anna",
            "Anna",
            "neighbourhood-team-worker",
            "wijk",
            "111222333",
            "bron",
            "care-coordination",
            "uitleg",
            Set.of("care-plan", "safety"),
            "consent",
            null,
            null);
    db.write(
        em -> {
          em.persist(r);
          log.append(em, RequestAudit.step(r, "C", "request-received", "success"));
          return null;
        });
    return r;
  }

  private DataRequestEntity released(String id) {
    request(id);
    String releaseId = "rel-" + id;
    db.write(
        em -> {
          DataRequestEntity r = em.find(DataRequestEntity.class, id);
          r.moveTo(RequestStatus.WAITING_FOR_NOTICE, null, clock.instant());
          r.moveTo(RequestStatus.FETCHING, null, clock.instant());
          em.persist(
              new ReleaseEntity(
                  releaseId,
                  id,
                  clock.instant(),
                  clock.instant().plus(Duration.ofDays(30)),
                  3,
                  1,
                  "{\"resourceType\":\"Bundle\"}"));
          r.released(releaseId);
          r.moveTo(RequestStatus.RELEASED, "Gedeeld", clock.instant());
          log.append(em, RequestAudit.step(r, "R", "release", "success").withRules(List.of("P2")));
          return null;
        });
    return db.read(em -> em.find(DataRequestEntity.class, id));
  }

  private static JWTClaimsSet withAnchor(JWTClaimsSet claims, String name, Object value)
      throws Exception {
    Map<String, Object> anchor = new LinkedHashMap<>(claims.getJSONObjectClaim("anchor"));
    anchor.put(name, value);
    return new JWTClaimsSet.Builder(claims).claim("anchor", anchor).build();
  }

  private static String signWith(ECKey signing, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(signing.getKeyID())
                .type(new JOSEObjectType(DisclosureReceipts.TYPE))
                .build(),
            claims);
    jwt.sign(new ECDSASigner(signing));
    return jwt.serialize();
  }
}
