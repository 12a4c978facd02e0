package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;

/**
 * Who may see a data request and what hangs off it: the requesting organisation and the source
 * organisation (which sees the purpose and explanation, rule P6). Anyone else is told {@link
 * NotVisible} — the same for "does not exist" and "not yours" — so that the existence of a request
 * about a child is not revealed; every front answers it as its own 404. Both fronts (FHIR and
 * portal) call this one check.
 */
@ApplicationScoped
public class RequestAccess {
  @Inject Database database;
  @Inject SecurityAudit audit;

  public DataRequestEntity visible(String requestId, AuthenticatedUser user) {
    DataRequestEntity r =
        requestId == null ? null : database.read(em -> em.find(DataRequestEntity.class, requestId));
    if (r == null) {
      throw requestNotFound(requestId, user, "no such request");
    }
    if (user.organisationId() == null
        || !(Objects.equals(user.organisationId(), r.requesterOrg())
            || Objects.equals(user.organisationId(), r.sourceOrg()))) {
      throw requestNotFound(requestId, user, "the request is between other organisations");
    }
    return r;
  }

  /** Only the requesting organisation receives the released data. */
  public DataRequestEntity asRequester(String requestId, AuthenticatedUser user) {
    DataRequestEntity r = visible(requestId, user);
    if (!Objects.equals(user.organisationId(), r.requesterOrg())) {
      throw requestNotFound(
          requestId, user, "only the requesting organisation receives the released data");
    }
    return r;
  }

  /**
   * A refusal that does not reveal whether the request exists; the audit log keeps the reason. The
   * fronts answer it with one body for every resource type and every reason.
   */
  private NotVisible requestNotFound(String requestId, AuthenticatedUser user, String why) {
    return notFound("Task/" + requestId, user, why);
  }

  /**
   * The audited refusal for {@code what} (e.g. "Bundle/123") that is not there or not the caller's.
   */
  public NotVisible notFound(String what, AuthenticatedUser user, String why) {
    audit.refused(user, CurrentUser.remoteAddress(), what, why + " (404)", java.util.List.of());
    return new NotVisible();
  }
}
