package nl.jeugdpoort.gateway.request;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
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

  public DataRequestEntity load(String id) {
    return database.read(em -> em.find(DataRequestEntity.class, id));
  }

  /** The policy's view of a stored request. */
  public static DataRequest toPolicy(DataRequestEntity r) {
    return new DataRequest(r.id(), new Requester(r.requesterUsername(), r.requesterName(), r.requesterRole(), r.requesterOrg()),
        r.youthBsn(), r.sourceOrg(), r.purpose(), r.explanation(), r.categories(), r.legalBasis(), r.motivation(),
        r.delayedNoticeMotivation());
  }

  /** Moves a request to {@code status} and writes its audit entry, in one transaction. */
  public void move(String id, RequestStatus status, String reason, Decision decision, AuditRecord record) {
    database.write(em -> {
      DataRequestEntity r = em.find(DataRequestEntity.class, id);
      r.moveTo(status, reason, clock.instant());
      if (decision != null) {
        r.recordDecision(DecisionJson.write(decision), decision.reviewRequired(), decision.holdUntil());
      }
      audit.append(em, record);
      return null;
    });
  }

  /** Points a request at a release (its own, or an identical earlier one under rule P5). */
  public void referenceRelease(String requestId, String releaseId) {
    database.write(em -> {
      em.find(DataRequestEntity.class, requestId).released(releaseId);
      return null;
    });
  }

  /** Every consent about the youth, also withdrawn and expired ones (the policy judges them, C1). */
  public List<ConsentRecord> consents(String youthBsn) {
    return records(youthBsn, ConsentEntity.CONSENT).stream()
        .map(c -> new ConsentRecord(c.id(), c.givenBy(), c.recipientOrg(), c.purpose(), c.categories(),
            c.informationVersion(), ConsentRecord.Act.valueOf(c.act()), c.periodStart(), c.periodEnd(), c.withdrawnAt()))
        .toList();
  }

  /** Every objection about the youth, one record per category it names (O1), also withdrawn ones. */
  public List<ObjectionRecord> objections(String youthBsn) {
    List<ObjectionRecord> out = new ArrayList<>();
    for (ConsentEntity o : records(youthBsn, ConsentEntity.OBJECTION)) {
      if (o.categories().isEmpty()) {
        out.add(new ObjectionRecord(o.id(), o.givenBy(), o.recipientOrg(), o.purpose(), null, o.periodStart(), o.withdrawnAt()));
      }
      for (String category : o.categories()) {
        out.add(new ObjectionRecord(o.id() + "#" + category, o.givenBy(), o.recipientOrg(), o.purpose(), category,
            o.periodStart(), o.withdrawnAt()));
      }
    }
    return out;
  }

  private List<ConsentEntity> records(String youthBsn, String kind) {
    return database.read(em -> em.createQuery(
            "select c from ConsentEntity c where c.youthBsn = :bsn and c.kind = :kind order by c.createdAt", ConsentEntity.class)
        .setParameter("bsn", youthBsn).setParameter("kind", kind).getResultList());
  }

  /** Earlier releases about the same youth, with what each withheld and left out (rule P5). */
  public List<PriorRelease> releaseHistory(String youthBsn) {
    return database.read(em -> {
      List<Object[]> rows = em.createQuery(
              "select r, rel from DataRequestEntity r, ReleaseEntity rel where rel.requestId = r.id and r.youthBsn = :bsn",
              Object[].class)
          .setParameter("bsn", youthBsn)
          .getResultList();
      List<PriorRelease> out = new ArrayList<>();
      for (Object[] row : rows) {
        DataRequestEntity r = (DataRequestEntity) row[0];
        ReleaseEntity rel = (ReleaseEntity) row[1];
        if (!rel.stillStands(clock.instant())) {
          continue; // P5 answers only with a release that still stands (E1 deleted, E2 recalled)
        }
        out.add(new PriorRelease(rel.id(), r.requesterUsername(), r.requesterOrg(), r.youthBsn(), r.sourceOrg(),
            r.purpose(), DecisionJson.releasable(r.decisionJson()), rel.createdAt(), rel.retentionEnd(), Set.of(),
            DecisionJson.withheld(r.decisionJson()), DecisionJson.leftOut(r.decisionJson())));
      }
      return out;
    });
  }
}
