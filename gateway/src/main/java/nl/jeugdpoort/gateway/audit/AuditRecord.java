package nl.jeugdpoort.gateway.audit;

import java.util.List;

/**
 * What happened, for one audit entry (rule A1). Build with {@link #of} and the {@code with…}
 * methods.
 *
 * @param action C, R, U, D or E
 * @param eventType what step it was (request-received, decision, notice, fetch, release, …)
 * @param outcome success, refused or failure
 * @param actor who acted (person, role, organisation); system steps act on behalf of the requester
 * @param accessPoint where the call came from (remote address) or "route" for internal steps
 * @param youthBsn which youth
 * @param requestId which request
 * @param purpose the purpose code
 * @param legalBasis the basis code
 * @param dataDescription what data (categories, item counts)
 * @param ruleIds the rule ids of the decision
 * @param detail a short English description (no personal data beyond ids)
 * @param controls NEN 7513 control results
 */
public record AuditRecord(
    String action,
    String eventType,
    String outcome,
    Actor actor,
    String accessPoint,
    String youthBsn,
    String requestId,
    String purpose,
    String legalBasis,
    String dataDescription,
    List<String> ruleIds,
    String detail,
    Controls controls) {

  /** Who acted, and for whom. */
  public record Actor(String username, String role, String organisation, String onBehalfOf) {
    public static Actor system(String onBehalfOf) {
      return new Actor("jeugdpoort", "jeugdpoort-gateway", "jeugdpoort", onBehalfOf);
    }
  }

  /** NEN 7513 control results: authorised, care relationship, consent, emergency/override. */
  public record Controls(String authorised, String careRelation, String consent, String override) {
    public static final Controls NONE = new Controls(null, null, null, null);
  }

  public static AuditRecord of(String action, String eventType, String outcome, Actor actor) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        Controls.NONE);
  }

  public AuditRecord withRequest(
      String requestId, String youthBsn, String purpose, String legalBasis) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        accessPoint,
        youthBsn,
        requestId,
        purpose,
        legalBasis,
        dataDescription,
        ruleIds,
        detail,
        controls);
  }

  public AuditRecord withAccessPoint(String accessPoint) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        accessPoint,
        youthBsn,
        requestId,
        purpose,
        legalBasis,
        dataDescription,
        ruleIds,
        detail,
        controls);
  }

  public AuditRecord withData(String dataDescription) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        accessPoint,
        youthBsn,
        requestId,
        purpose,
        legalBasis,
        dataDescription,
        ruleIds,
        detail,
        controls);
  }

  public AuditRecord withRules(List<String> ruleIds) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        accessPoint,
        youthBsn,
        requestId,
        purpose,
        legalBasis,
        dataDescription,
        List.copyOf(ruleIds),
        detail,
        controls);
  }

  public AuditRecord withDetail(String detail) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        accessPoint,
        youthBsn,
        requestId,
        purpose,
        legalBasis,
        dataDescription,
        ruleIds,
        detail,
        controls);
  }

  public AuditRecord withControls(Controls controls) {
    return new AuditRecord(
        action,
        eventType,
        outcome,
        actor,
        accessPoint,
        youthBsn,
        requestId,
        purpose,
        legalBasis,
        dataDescription,
        ruleIds,
        detail,
        controls);
  }
}
