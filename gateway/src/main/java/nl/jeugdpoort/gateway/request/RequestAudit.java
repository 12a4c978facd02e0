package nl.jeugdpoort.gateway.request;

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
