package nl.jeugdpoort.gateway.flow;

import java.util.List;
import java.util.Map;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.source.SourceReport;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Youth;
import org.hl7.fhir.r4.model.Resource;

/**
 * The body of a data request's exchange: what the steps learnt so far. Lives for one pass of the
 * route.
 */
public final class RequestContext {
  private final String requestId;
  private final String worker;
  private DataRequest request;
  private SourceEndpoint source;
  private Youth youth;
  private Decision decision;
  private Map<String, List<Resource>> fetched;
  private SourceReport sourceReport = new SourceReport(List.of());
  private boolean finished;
  private Map<String, String> emails = Map.of();
  private Map<String, nl.jeugdpoort.gateway.text.FamilyRole> familyRoles = Map.of();

  /**
   * @param worker the worker that claimed the request ({@code RequestWork.owner()}); every write of
   *     the pass is made only while it still holds the claim
   */
  public RequestContext(String requestId, String worker) {
    this.requestId = requestId;
    this.worker = worker;
  }

  public String requestId() {
    return requestId;
  }

  public String worker() {
    return worker;
  }

  public DataRequest request() {
    return request;
  }

  public SourceEndpoint source() {
    return source;
  }

  public Youth youth() {
    return youth;
  }

  public Decision decision() {
    return decision;
  }

  public Map<String, List<Resource>> fetched() {
    return fetched;
  }

  /**
   * What the source delivered per category (complete, cut off, not offered, not about the youth).
   */
  public SourceReport sourceReport() {
    return sourceReport;
  }

  /** The e-mail addresses the source knows, by person id (for notices, N1). */
  public Map<String, String> emails() {
    return emails;
  }

  /** How the family says each person's role, by person id (for notices; issue #13). */
  public Map<String, nl.jeugdpoort.gateway.text.FamilyRole> familyRoles() {
    return familyRoles;
  }

  /** True when a step ended the request (refused, failed, held or released). */
  public boolean isFinished() {
    return finished;
  }

  void request(DataRequest request) {
    this.request = request;
  }

  void source(SourceEndpoint source) {
    this.source = source;
  }

  void youth(Youth youth) {
    this.youth = youth;
  }

  void decision(Decision decision) {
    this.decision = decision;
  }

  void fetched(Map<String, List<Resource>> fetched) {
    this.fetched = fetched;
  }

  void sourceReport(SourceReport report) {
    this.sourceReport = report;
  }

  void emails(Map<String, String> emails) {
    this.emails = Map.copyOf(emails);
  }

  void familyRoles(Map<String, nl.jeugdpoort.gateway.text.FamilyRole> roles) {
    this.familyRoles = Map.copyOf(roles);
  }

  /**
   * Marks the exchange finished: the route goes no further on this pass (the steps, and route
   * tests).
   */
  public void finish() {
    this.finished = true;
  }

  /**
   * Ends the request in {@code status} (stored with its audit entry) and marks the exchange
   * finished.
   */
  void finish(
      RequestStore store,
      RequestStatus status,
      String reason,
      Decision decision,
      AuditRecord record) {
    store.move(requestId, worker, status, reason, decision, record);
    finish();
  }

  /**
   * As above, with more work in the same transaction (a refusal notice, a reference to an earlier
   * release).
   */
  void finish(
      RequestStore store,
      RequestStatus status,
      String reason,
      Decision decision,
      AuditRecord record,
      java.util.function.BiConsumer<
              jakarta.persistence.EntityManager,
              nl.jeugdpoort.gateway.persistence.DataRequestEntity>
          alsoDo) {
    store.move(requestId, worker, status, reason, decision, record, alsoDo);
    finish();
  }
}
