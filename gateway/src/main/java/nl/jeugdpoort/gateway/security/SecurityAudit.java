package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.SystemClientEntity;

/**
 * Audit entries of the security events (A1, issue #4): every successful and failed login and token
 * request, every refused access, every key registration — who, from where, when (the entry's time)
 * and why refused. Each entry is its own transaction: a refusal writes nothing else.
 */
@ApplicationScoped
public class SecurityAudit {
  public static final String LOGIN = "login";
  public static final String TOKEN = "token-request";
  public static final String REFUSED = "access-refused";

  @Inject Database database;
  @Inject AuditLog audit;

  public void record(AuditRecord r) {
    database.write(
        em -> {
          audit.append(em, r);
          return null;
        });
  }

  /** The actor of an authenticated caller. */
  public static AuditRecord.Actor actor(AuthenticatedUser user) {
    return new AuditRecord.Actor(
        user.username(), user.role(), user.organisationId(), user.personRef());
  }

  /**
   * A caller who did not (or not yet) authenticate; {@code claimed} is the name or client id they
   * gave.
   */
  public static AuditRecord.Actor anonymous(String claimed) {
    return new AuditRecord.Actor(claimed == null ? "(none)" : printable(claimed), null, null, null);
  }

  /**
   * An organisation's system, or whoever claims to be one: the actor of a refused token request or
   * access token, with the organisation and role of the registration when {@code clientId} is a
   * registered client (revoked ones included), else only the id given.
   */
  public AuditRecord.Actor client(String clientId) {
    if (clientId == null || clientId.isBlank() || clientId.length() > 64) {
      return anonymous(clientId);
    }
    SystemClientEntity client = database.read(em -> em.find(SystemClientEntity.class, clientId));
    return client == null
        ? anonymous(clientId)
        : new AuditRecord.Actor(
            client.clientId(), client.actingRole(), client.organisationId(), null);
  }

  /** An authenticated caller was refused {@code what} (e.g. "read Task/123"). */
  public void refused(
      AuthenticatedUser user, String from, String what, String why, List<String> rules) {
    record(
        AuditRecord.of("E", REFUSED, "refused", user == null ? anonymous(null) : actor(user))
            .withAccessPoint(from)
            .withRules(rules)
            .withDetail(printable(what) + ": " + why));
    markAudited();
  }

  /**
   * The request attribute that says this HTTP call's refusal was audited already; a 404 that
   * reaches the FHIR server's error handling without it (an unknown resource type, a public
   * resource's unknown id) is audited there ({@code CleanOutcomes}).
   */
  public static final String AUDITED = SecurityAudit.class.getName() + ".refusal-audited";

  private static void markAudited() {
    try {
      if (org.apache.shiro.SecurityUtils.getSubject()
          instanceof org.apache.shiro.web.subject.WebSubject web) {
        web.getServletRequest().setAttribute(AUDITED, Boolean.TRUE);
      }
    } catch (org.apache.shiro.UnavailableSecurityManagerException
        | IllegalStateException outsideACall) {
      // not in an HTTP call: nothing to mark
    }
  }

  /**
   * Ids and names as given by a caller, cut short and without control characters, for the audit
   * log.
   */
  public static String printable(String s) {
    if (s == null) {
      return null;
    }
    String cut = s.length() > 128 ? s.substring(0, 128) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
