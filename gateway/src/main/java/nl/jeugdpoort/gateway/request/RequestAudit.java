package nl.jeugdpoort.gateway.request;

import java.util.List;
import java.util.TreeSet;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.Outcome;
import nl.jeugdpoort.policy.Reason;

/** Builds audit records (A1) for the steps of a data request. */
public final class RequestAudit {
  private RequestAudit() {}

  /** A step performed by the gateway on behalf of the requester. */
  public static AuditRecord step(
      DataRequestEntity r, String action, String eventType, String outcome) {
    return AuditRecord.of(
            action,
            eventType,
            outcome,
            AuditRecord.Actor.system(r.requesterUsername() + "@" + r.requesterOrg()))
        .withAccessPoint("route")
        .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
        .withData(String.join(",", new TreeSet<>(r.categories())));
  }

  /**
   * Someone looked at a request's release ({@code release-read} through FHIR, {@code
   * release-viewed} on the portal): an entry under P4 and A1, shown on the family's timeline (issue
   * #20.6).
   */
  public static AuditRecord releaseLooked(
      DataRequestEntity r,
      String eventType,
      AuditRecord.Actor actor,
      String accessPoint,
      String detail) {
    return AuditRecord.of("R", eventType, "success", actor)
        .withAccessPoint(accessPoint)
        .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
        .withData(String.join(",", new TreeSet<>(r.categories())))
        .withRules(List.of("P4", "A1"))
        .withDetail(detail);
  }

  /** NEN 7513 control results of a decision. */
  public static AuditRecord.Controls controls(DataRequestEntity r, Decision d) {
    boolean consentBasis = LegalBasis.CONSENT.code().equals(r.legalBasis());
    return new AuditRecord.Controls(
        d.outcome() == Outcome.REFUSE ? "no" : "yes",
        "n/a",
        consentBasis ? (d.ruleIds(Reason.Effect.PERMIT).contains("C2") ? "yes" : "no") : "n/a",
        d.reviewRequired() ? "yes" : "no");
  }
}
