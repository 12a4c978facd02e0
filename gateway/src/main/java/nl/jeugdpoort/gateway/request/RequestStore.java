package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.subscription.Subscriptions;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.PriorRelease;
import nl.jeugdpoort.policy.Requester;

/** Reads and moves data requests; every move is stored together with its audit entry. */
@ApplicationScoped
public class RequestStore {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject Subscriptions subscriptions;

  public DataRequestEntity load(String id) {
    return database.read(em -> em.find(DataRequestEntity.class, id));
  }

  /** The policy's view of a stored request. */
  public static DataRequest toPolicy(DataRequestEntity r) {
    return new DataRequest(
        r.id(),
        new Requester(
            r.requesterUsername(), r.requesterName(), r.requesterRole(), r.requesterOrg()),
        r.youthBsn(),
        r.sourceOrg(),
        r.purpose(),
        r.explanation(),
        r.categories(),
        r.legalBasis(),
        r.motivation(),
        r.delayedNoticeMotivation());
  }

  /**
   * Moves a request to {@code status} (if {@link
   * nl.jeugdpoort.gateway.persistence.RequestLifecycle} allows it) and writes its audit entry (if
   * any), in one transaction — only while {@code worker} still holds the request's claim (null: no
   * claim needed, e.g. a move made by a person). The row's optimistic version makes the write
   * conditional: of two workers that read the same version, one commits and the other gets an
   * {@code OptimisticLockException}.
   *
   * @throws LostClaim when {@code worker} no longer holds the request
   */
  public void move(
      String id,
      String worker,
      RequestStatus status,
      String reason,
      Decision decision,
      AuditRecord record) {
    move(id, worker, status, reason, decision, record, (em, r) -> {});
  }

  /**
   * As {@link #move(String, String, RequestStatus, String, Decision, AuditRecord)}, with more work
   * in the same transaction.
   */
  public void move(
      String id,
      String worker,
      RequestStatus status,
      String reason,
      Decision decision,
      AuditRecord record,
      BiConsumer<EntityManager, DataRequestEntity> alsoDo) {
    database.write(
        em -> {
          DataRequestEntity r = em.find(DataRequestEntity.class, id);
          requireClaim(r, worker);
          if (decision != null) {
            r.recordDecision(
                DecisionJson.write(decision), decision.reviewRequired(), decision.holdUntil());
          }
          Instant now = clock.instant();
          r.moveTo(status, reason, now);
          if (status.isFinal()) {
            subscriptions.requestFinished(em, r, now); // #16.3: in the same transaction
          }
          if (record != null) {
            audit.append(em, record);
          }
          alsoDo.accept(em, r);
          return null;
        });
  }

  /**
   * Throws {@link LostClaim} unless {@code worker} holds the claim on {@code r} (null worker: no
   * check). Every step calls it inside its write transaction, so a worker whose lease ran out
   * writes nothing more.
   */
  public static void requireClaim(DataRequestEntity r, String worker) {
    if (worker != null && (r == null || !worker.equals(r.leaseOwner()))) {
      throw new LostClaim(r == null ? "?" : r.id(), worker);
    }
  }

  /**
   * Writes an audit entry about a request while {@code worker} holds it (a step that moves
   * nothing).
   */
  public void audit(String id, String worker, AuditRecord record) {
    database.write(
        em -> {
          requireClaim(em.find(DataRequestEntity.class, id), worker);
          audit.append(em, record);
          return null;
        });
  }

  /**
   * Every consent about the youth, also withdrawn and expired ones (the policy judges them, C1).
   */
  public List<ConsentRecord> consents(String youthBsn) {
    return records(youthBsn, ConsentEntity.CONSENT).stream()
        .map(
            c ->
                new ConsentRecord(
                    c.id(),
                    c.givenBy(),
                    c.recipientOrg(),
                    c.purpose(),
                    c.categories(),
                    c.informationVersion(),
                    ConsentRecord.Act.valueOf(c.act()),
                    c.periodStart(),
                    c.periodEnd(),
                    c.withdrawnAt()))
        .toList();
  }

  /**
   * Every objection about the youth, one record per category it names (O1), also withdrawn ones.
   */
  public List<ObjectionRecord> objections(String youthBsn) {
    List<ObjectionRecord> out = new ArrayList<>();
    for (ConsentEntity o : records(youthBsn, ConsentEntity.OBJECTION)) {
      if (o.categories().isEmpty()) {
        out.add(
            new ObjectionRecord(
                o.id(),
                o.givenBy(),
                o.recipientOrg(),
                o.purpose(),
                null,
                o.periodStart(),
                o.withdrawnAt()));
      }
      for (String category : o.categories()) {
        out.add(
            new ObjectionRecord(
                o.id() + "#" + category,
                o.givenBy(),
                o.recipientOrg(),
                o.purpose(),
                category,
                o.periodStart(),
                o.withdrawnAt()));
      }
    }
    return out;
  }

  private List<ConsentEntity> records(String youthBsn, String kind) {
    return database.read(
        em ->
            em.createQuery(
                    "select c from ConsentEntity c where c.youthBsn = :bsn and c.kind = :kind order by c.createdAt",
                    ConsentEntity.class)
                .setParameter("bsn", youthBsn)
                .setParameter("kind", kind)
                .getResultList());
  }

  /**
   * Earlier releases about the same youth, with what each withheld and left out (rule P5). The
   * columns P5 needs only: never the released bundles themselves (issue #16.5), through the index
   * on the youth (V16).
   */
  public List<PriorRelease> releaseHistory(String youthBsn) {
    return database.read(
        em -> {
          List<Object[]> rows =
              em.createQuery(
                      "select rel.id, r.requesterUsername, r.requesterOrg, r.youthBsn, r.sourceOrg, r.purpose, r.decisionJson, "
                          + "rel.createdAt, rel.retentionEnd, rel.erasedAt, rel.accessEndedAt from DataRequestEntity r, ReleaseEntity rel "
                          + "where rel.requestId = r.id and r.youthBsn = :bsn",
                      Object[].class)
                  .setParameter("bsn", youthBsn)
                  .getResultList();
          List<PriorRelease> out = new ArrayList<>();
          for (Object[] row : rows) {
            String decision = (String) row[6];
            if (row[9] != null
                || row[10] != null
                || clock.instant().isAfter((java.time.Instant) row[8])) {
              continue; // P5 answers only with a release that still stands (E1 deleted, E2
              // recalled)
            }
            out.add(
                new PriorRelease(
                    (String) row[0],
                    (String) row[1],
                    (String) row[2],
                    (String) row[3],
                    (String) row[4],
                    (String) row[5],
                    DecisionJson.releasable(decision),
                    (java.time.Instant) row[7],
                    (java.time.Instant) row[8],
                    Set.of(),
                    DecisionJson.withheld(decision),
                    DecisionJson.leftOut(decision)));
          }
          return out;
        });
  }
}
