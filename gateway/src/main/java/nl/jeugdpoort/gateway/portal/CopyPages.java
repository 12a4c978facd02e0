package nl.jeugdpoort.gateway.portal;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.request.NotVisible;
import nl.jeugdpoort.gateway.request.RequestAccess;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A copy of what was released: {@code GET /portal/kopie/{request id}} as a readable page (print it
 * or save it as PDF from the browser) and {@code GET /portal/kopie/{request id}.json} as the FHIR
 * {@code Bundle} exactly as released. For the family (F4, within F2 and F3; a request whose notice
 * comes afterwards, N2, only once that notice went out) and for the requesting organisation's
 * professionals (the readable bundle). Until the release's retention end (E1); every download is
 * audited.
 */
@WebServlet(urlPatterns = "/portal/kopie/*")
public class CopyPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Database database;
  @Inject transient FamilyAccess family;
  @Inject transient ReasonTexts texts;
  @Inject transient FamilyTimeline timeline;
  @Inject transient RequestAccess access;
  @Inject transient SecurityAudit securityAudit;
  @Inject transient AuditLog audit;
  @Inject transient FhirContext fhir;
  @Inject transient FamilyRequests familyRequests;
  @Inject transient Clock clock;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    String id = Objects.toString(request.getPathInfo(), "/").substring(1);
    boolean json = id.endsWith(".json");
    if (json) {
      id = id.substring(0, id.length() - 5);
    }
    DataRequestEntity r = visible(request, user, id);
    ReleaseEntity release =
        r == null || r.releaseId() == null
            ? null
            : database.read(em -> em.find(ReleaseEntity.class, r.releaseId()));
    if (release == null) {
      pages.notFound(request, response);
      return;
    }
    // E1: deleted at its retention end; E2: a recipient's copy ends with the erasure request (the
    // family keeps F4).
    if (release.bundleJson() == null
        || clock.instant().isAfter(release.retentionEnd())
        || (!user.isFamilyMember() && release.accessEndedAt() != null)) {
      pages.render(request, response, 410, "copy-gone", new HashMap<>(Map.of("user", user)));
      return;
    }
    database.write(
        em -> {
          audit.append(
              em,
              AuditRecord.of(
                      "R",
                      "copy-downloaded",
                      "success",
                      new AuditRecord.Actor(
                          user.username(), user.role(), user.organisationId(), user.personRef()))
                  .withAccessPoint(request.getRemoteAddr())
                  .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                  .withRules(List.of(user.isFamilyMember() ? "F4" : "P4"))
                  .withDetail("release " + release.id() + " as " + (json ? "FHIR JSON" : "HTML")));
          return null;
        });
    if (json) {
      response.setContentType("application/fhir+json;charset=UTF-8");
      response.setHeader(
          "Content-Disposition", "attachment; filename=\"jeugdpoort-" + r.id() + ".json\"");
      response.getWriter().write(release.bundleJson());
      return;
    }
    Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, release.bundleJson());
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("entry", timeline.show(r, ReasonTexts.Audience.FAMILY, family.view(user)));
    model.put("document", ReleaseDocument.of(bundle));
    model.put("withheld", release.withheldCount());
    model.put("retentionEnd", FamilyTimeline.day(release.retentionEnd()));
    pages.render(request, response, 200, "copy", model);
  }

  /**
   * The request if this person may see its release, else null (audited: F2/F3 or another
   * organisation).
   */
  private DataRequestEntity visible(HttpServletRequest request, AuthenticatedUser user, String id) {
    if (id.isEmpty() || id.length() > 36) {
      return null;
    }
    if (user.isFamilyMember()) {
      return familyRequests.visible(user, request.getRemoteAddr(), id, "portal copy");
    }
    if (!user.isProfessional()) {
      securityAudit.refused(
          user,
          request.getRemoteAddr(),
          "portal copy of request " + SecurityAudit.printable(id),
          "only the family and the requesting organisation's professionals read a release (404)",
          List.of("P4"));
      return null;
    }
    try {
      return access.asRequester(id, user);
    } catch (NotVisible e) {
      return null;
    }
  }
}
