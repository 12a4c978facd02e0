package nl.jeugdpoort.gateway.portal;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.DisclosureReceipts;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.apache.shiro.SecurityUtils;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Disclosure receipts (#20.4, docs/portal.md): {@code GET /portal/bewijs/{request id}} downloads
 * the signed receipt of a release or refusal on the family's own timeline (the same checks as the
 * copies, {@link FamilyRequests}; audited as {@code receipt-downloaded}); while its audit entry is
 * not yet chained the page says it is not available yet. {@code GET/POST
 * /portal/bewijs-controleren} is public: anyone pastes a receipt and reads, in Dutch, whether it is
 * genuine and anchored in the signed audit log. It shows nothing but what the receipt itself holds.
 */
@WebServlet(urlPatterns = {"/portal/bewijs/*", "/portal/bewijs-controleren"})
public class ReceiptPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Database database;
  @Inject transient FamilyRequests familyRequests;
  @Inject transient DisclosureReceipts receipts;
  @Inject transient SecurityAudit securityAudit;
  @Inject transient AuditLog audit;
  @Inject transient PurposeCatalogue catalogue;
  @Inject transient FamilyTimeline timeline;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getServletPath().equals("/portal/bewijs-controleren")) {
      check(request, response, null);
      return;
    }
    AuthenticatedUser user = Pages.user();
    String id = Objects.toString(request.getPathInfo(), "/").substring(1);
    if (id.endsWith(".jws")) {
      id = id.substring(0, id.length() - 4);
    }
    DataRequestEntity r;
    if (user.isFamilyMember()) {
      r = familyRequests.visible(user, request.getRemoteAddr(), id, "portal disclosure receipt");
    } else {
      securityAudit.refused(
          user,
          request.getRemoteAddr(),
          "portal disclosure receipt of request " + SecurityAudit.printable(id),
          "only the family downloads a disclosure receipt (404)",
          List.of("F2"));
      r = null;
    }
    if (r == null || !DisclosureReceipts.hasReceipt(r.businessStatus())) {
      pages.notFound(request, response);
      return;
    }
    DisclosureReceipts.Issued issued = receipts.issue(r);
    if (issued instanceof DisclosureReceipts.Issued.Pending) {
      Map<String, Object> model = new HashMap<>();
      model.put("user", user);
      model.put("requestId", r.id());
      pages.render(request, response, 409, "receipt-pending", model);
      return;
    }
    DisclosureReceipts.Issued.Ready ready = (DisclosureReceipts.Issued.Ready) issued;
    database.write(
        em ->
            audit.append(
                em,
                AuditRecord.of(
                        "R",
                        "receipt-downloaded",
                        "success",
                        new AuditRecord.Actor(
                            user.username(), user.role(), user.organisationId(), user.personRef()))
                    .withAccessPoint(request.getRemoteAddr())
                    .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                    .withRules(List.of("F1", "A2"))
                    .withDetail("disclosure receipt anchored at seq " + ready.seq())));
    response.setContentType("application/jose");
    response.setCharacterEncoding("UTF-8");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"jeugdpoort-bewijs-" + r.id() + ".jws\"");
    response.getWriter().write(ready.jws());
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.getServletPath().equals("/portal/bewijs-controleren")) {
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    String given = Objects.toString(request.getParameter("bewijs"), "");
    check(request, response, given);
  }

  /** The public check page; with {@code given}, the answer for that receipt. */
  private void check(HttpServletRequest request, HttpServletResponse response, String given)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    PrincipalCollection principals = SecurityUtils.getSubject().getPrincipals();
    model.put("user", principals == null ? null : principals.oneByType(AuthenticatedUser.class));
    int status = 200;
    if (given != null) {
      DisclosureReceipts.Verdict verdict = receipts.verify(given);
      securityAudit.record(
          AuditRecord.of(
                  "R",
                  "receipt-verify",
                  verdict.valid() ? "success" : "failure",
                  SecurityAudit.anonymous(null))
              .withAccessPoint(request.getRemoteAddr())
              .withRules(List.of("A2"))
              .withDetail(
                  "portal check of a disclosure receipt"
                      + (verdict.claims() == null
                          ? ""
                          : " of request "
                              + SecurityAudit.printable(
                                  Objects.toString(verdict.claims().get("request"), "")))
                      + ": "
                      + verdict.check().code()));
      model.put("result", verdict.check().code());
      model.put("given", given.length() > DisclosureReceipts.MAX_LENGTH ? "" : given);
      if (verdict.claims() != null) {
        model.put("receipt", ReceiptFacts.of(verdict.claims(), catalogue));
      }
      if (verdict.check() == DisclosureReceipts.Check.MALFORMED) {
        status = 400;
      }
    }
    pages.render(request, response, status, "receipt-check", model);
  }

  /** What a receipt states, in Dutch words for the check page. */
  public record ReceiptFacts(
      String request,
      String outcome,
      String requester,
      String source,
      String purpose,
      String basis,
      String categories,
      String decidedAt,
      String seq) {
    static ReceiptFacts of(Map<String, Object> c, PurposeCatalogue catalogue) {
      String purpose = Objects.toString(c.get("purpose"), "");
      String basis = Objects.toString(c.get("legalBasis"), "");
      Object categories = c.get("categories");
      String decided = Objects.toString(c.get("decidedAt"), "");
      Map<?, ?> anchor = c.get("anchor") instanceof Map<?, ?> m ? m : Map.of();
      return new ReceiptFacts(
          Objects.toString(c.get("request"), ""),
          outcome(Objects.toString(c.get("outcome"), "")),
          name(c.get("requester")),
          name(c.get("source")),
          catalogue.purpose(purpose).map(p -> p.display()).orElse(purpose),
          LegalBasis.fromCode(basis).map(LegalBasis::dutch).orElse(basis),
          categories instanceof List<?> list
              ? String.join(
                  ", ",
                  list.stream().map(x -> catalogue.categoryDisplay(String.valueOf(x))).toList())
              : "",
          decided.isEmpty() ? "" : day(decided),
          Objects.toString(anchor.get("seq"), ""));
    }

    private static String day(String instant) {
      try {
        return FamilyTimeline.day(Instant.parse(instant));
      } catch (java.time.format.DateTimeParseException e) {
        return instant;
      }
    }

    private static String name(Object party) {
      if (party instanceof Map<?, ?> m) {
        Object name = m.get("organisationName");
        return Objects.toString(name == null ? m.get("organisation") : name, "");
      }
      return "";
    }

    private static String outcome(String code) {
      return switch (code) {
        case "released" -> "Gedeeld";
        case "partially-released" -> "Gedeeltelijk gedeeld";
        case "refused" -> "Geweigerd";
        case "source-refused" -> "Geweigerd door de bron";
        default -> code;
      };
    }
  }
}
