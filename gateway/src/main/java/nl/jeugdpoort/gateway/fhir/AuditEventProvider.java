package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import nl.jeugdpoort.gateway.alert.OfficerAlerts;
import nl.jeugdpoort.gateway.audit.AuditEvents;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.request.RequestAccess;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * The audit log of a request (rules A1, A2) as FHIR {@code AuditEvent}: {@code GET
 * /fhir/AuditEvent?entity=Task/{id}}, for the organisations that may see the request. Each event
 * carries its rule ids and its place in the hash chain; entries still waiting for the chainer
 * (docs/audit.md) come last, marked pending, without seq and hashes.
 */
@Dependent
public class AuditEventProvider implements IResourceProvider {
  @Inject Database database;
  @Inject nl.jeugdpoort.gateway.security.SecurityAudit securityAudit;
  @Inject RequestAccess access;

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Search
  public List<AuditEvent> forRequest(
      @RequiredParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity) {
    AuthenticatedUser user = CurrentUser.require();
    access.visible(entity.getIdPart(), user);
    return database
        .read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.requestId = :r order by a.seq asc nulls last, a.entryNo",
                        AuditEntryEntity.class)
                    .setParameter("r", entity.getIdPart())
                    .getResultList())
        .stream()
        .map(AuditEventProvider::toAuditEvent)
        .toList();
  }

  /**
   * For a privacy officer: the security events of their own organisation — refused accesses by its
   * people and systems ({@code subtype=access-refused}) and their logins, failed ones included
   * ({@code subtype=login}), alerts of password spraying against its accounts ({@code
   * subtype=login-alert}), portal logouts ({@code logout}), token requests of its systems, refused
   * ones included ({@code token-request}), the registration and revocation of its systems ({@code
   * client-registered}, {@code client-revoked}) — and the alerts about the organisation's system as
   * a source or about the requests it made ({@code subtype=identity-conflict}: several patients for
   * one BSN; {@code source-access-denied}, {@code source-unsupported}, {@code source-bad-answer};
   * {@code erasure-overdue}: an erasure request (E2) to or about the organisation not confirmed in
   * time) — newest first, in pages of {@code _count} (1 to 200, default 200) from {@code _offset},
   * with a {@code next} link while more follow.
   */
  @Search
  public IBundleProvider securityEvents(
      @RequiredParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
      @Count Integer count,
      @Offset Integer offset) {
    AuthenticatedUser user = CurrentUser.require();
    if (!AuthenticatedUser.PRIVACY_OFFICER.equals(user.role()) || user.organisationId() == null) {
      securityAudit.refused(
          user,
          CurrentUser.remoteAddress(),
          "search AuditEvent?subtype=" + subtype.getValue(),
          "security events are for the privacy officer",
          List.of());
      throw new ForbiddenOperationException(
          "Alleen de privacyfunctionaris van een organisatie ziet haar beveiligingsmeldingen / "
              + "only a privacy officer sees the security events of their organisation.");
    }
    boolean sourceAlert = SOURCE_ALERTS.contains(subtype.getValue());
    boolean clientEvent = CLIENT_EVENTS.contains(subtype.getValue());
    if (!sourceAlert && !clientEvent && !SECURITY_EVENTS.contains(subtype.getValue())) {
      throw new InvalidRequestException(
          "subtype must be one of "
              + String.join(", ", SECURITY_EVENTS)
              + ", "
              + String.join(", ", CLIENT_EVENTS)
              + ", "
              + String.join(", ", SOURCE_ALERTS)
              + " (or search by entity=Task/{id}).");
    }
    String concerns =
        sourceAlert
            ? "a.requestId in (select r.id from DataRequestEntity r where r.sourceOrg = :org or r.requesterOrg = :org)"
            : clientEvent
                // the administrator's registrations and revocations of the organisation's own
                // systems
                ? "exists (select c from SystemClientEntity c where c.organisationId = :org and a.detail like concat('system client ', c.clientId, ' %'))"
                : "(a.actorOrg = :org or a.actorUsername in (select acc.username from AccountEntity acc where acc.organisationId = :org))";
    Paging paging = Paging.of(count, offset, MAX_PAGE, MAX_PAGE);
    // One row more than the page: whether a next page follows, without counting them all.
    List<AuditEntryEntity> rows =
        database.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.eventType = :type and "
                            + concerns
                            + " order by a.seq desc nulls first, a.entryNo desc",
                        AuditEntryEntity.class)
                    .setParameter("type", subtype.getValue())
                    .setParameter("org", user.organisationId())
                    .setFirstResult(paging.from())
                    .setMaxResults(paging.size() + 1)
                    .getResultList());
    boolean more = rows.size() > paging.size();
    return paging.answer(
        rows.stream().limit(paging.size()).map(AuditEventProvider::toAuditEvent).toList(), more);
  }

  /** The largest page of a security-event search, and its size without {@code _count}. */
  static final int MAX_PAGE = 200;

  /**
   * Security events by the organisation's people and systems (docs/security.md, "Audit of security
   * events").
   */
  static final List<String> SECURITY_EVENTS =
      List.of(
          "access-refused",
          "login",
          "login-alert",
          "logout",
          "token-request",
          "breach-alert",
          OfficerAlerts.AUDIT_TYPE,
          nl.jeugdpoort.gateway.subscription.Subscriptions.AUDIT_TYPE,
          nl.jeugdpoort.gateway.subscription.SubscriptionNotifications.AUDIT_TYPE);

  /**
   * The administrator's key registrations, for the privacy officer of the organisation the system
   * belongs to.
   */
  static final List<String> CLIENT_EVENTS = List.of("client-registered", "client-revoked");

  /**
   * Alerts about a source's answers, for the privacy officers of the source and of the requester.
   */
  static final List<String> SOURCE_ALERTS =
      List.of(
          "identity-conflict",
          "source-access-denied",
          "source-unsupported",
          "source-bad-answer",
          "erasure-overdue");

  static AuditEvent toAuditEvent(AuditEntryEntity a) {
    return AuditEvents.toAuditEvent(a, false);
  }
}
