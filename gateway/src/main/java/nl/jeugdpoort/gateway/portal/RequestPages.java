package nl.jeugdpoort.gateway.portal;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestListing;
import nl.jeugdpoort.gateway.request.DataRequestIntake;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import nl.jeugdpoort.gateway.request.NotVisible;
import nl.jeugdpoort.gateway.request.RefusedAtIntake;
import nl.jeugdpoort.gateway.request.RequestAccess;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestInput;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.source.SelfAddress;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Professionals' pages, for organisations without a client of their own:
 *
 * <ul>
 *   <li>{@code GET /portal/verzoeken}: the organisation's requests with their status, and the start
 *       of a new one (youth, source, purpose — only the purposes the professional's role may use,
 *       P3);
 *   <li>{@code GET /portal/verzoeken/nieuw?bsn=…&bron=…&doel=…}: the categories and bases this
 *       purpose allows (P2, P3), nothing else, nothing ticked;
 *   <li>{@code POST /portal/verzoeken}: submits it through the same intake as {@code POST
 *       /fhir/Task};
 *   <li>{@code GET /portal/verzoeken/{id}}: status, the reasons with rule ids, and once released
 *       the data as a readable page (the FHIR Bundle at {@code /portal/kopie/{id}.json}).
 * </ul>
 *
 * Only professionals of an organisation in a requester role of the catalogue; a request is visible
 * to the requesting and the source organisation only (404 otherwise).
 */
@WebServlet(urlPatterns = {"/portal/verzoeken", "/portal/verzoeken/*"})
public class RequestPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient nl.jeugdpoort.gateway.onboarding.FamilyReach reach;
  @Inject transient Pages pages;
  @Inject transient Database database;
  @Inject transient PurposeCatalogue catalogue;
  @Inject transient DataRequestIntake intake;
  @Inject transient RequestAccess access;
  @Inject transient FamilyTimeline timeline;
  @Inject transient ReasonTexts texts;
  @Inject transient SelfAddress self;
  @Inject transient FhirContext fhir;
  @Inject transient SharingPreview preview;
  @Inject transient nl.jeugdpoort.gateway.audit.AuditLog audit;

  /**
   * Session attribute: the one-time tokens of the request forms rendered, and the request each one
   * made.
   */
  static final String FORMS = "jeugdpoort.request-forms";

  private static final String PENDING = "";

  /** One request in the organisation's list. */
  public record Row(
      String id,
      String when,
      String youth,
      String source,
      String purpose,
      String status,
      boolean incoming) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isProfessional()) {
      pages.notFound(request, response);
      return;
    }
    String path = Objects.toString(request.getPathInfo(), "");
    if (path.isEmpty() || path.equals("/")) {
      list(request, response, user, null);
    } else if (path.equals("/nieuw")) {
      form(request, response, user, Form.of(request), List.of());
    } else {
      status(request, response, user, path.substring(1));
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    String path = Objects.toString(request.getPathInfo(), "/");
    if (!user.isProfessional() || !(path.equals("/") || path.equals("/voorbeeld"))) {
      pages.notFound(request, response);
      return;
    }
    self.learnFromLocalPort(request.getLocalPort(), request.getContextPath());
    Form form = Form.of(request);
    List<String> problems = form.problems();
    if (!problems.isEmpty()) {
      form(request, response, user, form, problems);
      return;
    }
    if (path.equals("/voorbeeld")) {
      // "Wat zou er gedeeld worden?": the real policy as a dry run; nothing is stored but its audit
      // entry.
      if (purposesFor(user).stream().noneMatch(p -> p.code().equals(form.purpose()))
          || sources().stream().noneMatch(o -> o.code().equals(form.source()))) {
        form(request, response, user, form, List.of());
        return;
      }
      Map<String, Object> extra = new HashMap<>();
      extra.put(
          "preview",
          preview.forProfessional(
              user,
              form.source(),
              form.bsn(),
              form.purpose(),
              form.categories(),
              form.basis(),
              form.explanation(),
              form.motivation(),
              form.delay(),
              request.getRemoteAddr()));
      form(request, response, user, form, List.of(), extra);
      return;
    }
    // One request per form: a second submit of the same form (a double tap, a replayed POST) goes
    // to the first.
    String token = request.getParameter("formulier");
    @SuppressWarnings("unchecked")
    Map<String, String> forms = (Map<String, String>) request.getSession().getAttribute(FORMS);
    if (token != null && forms != null) {
      String earlier = forms.putIfAbsent(token, PENDING);
      if (earlier != null) {
        response.sendRedirect(
            request.getContextPath()
                + (earlier.isEmpty()
                    ? "/portal/verzoeken"
                    : "/portal/verzoeken/" + earlier + "?verstuurd=ja"));
        return;
      }
    }
    try {
      DataRequestEntity stored =
          intake.submit(
              new NewDataRequest(
                  form.bsn(),
                  form.source(),
                  form.purpose(),
                  form.explanation(),
                  form.categories(),
                  form.basis(),
                  form.motivation(),
                  form.delay()),
              user,
              request.getRemoteAddr());
      if (token != null && forms != null) {
        forms.put(token, stored.id());
      }
      // Post/redirect/get: the request's own page, the confirmation at its top.
      response.sendRedirect(
          request.getContextPath() + "/portal/verzoeken/" + stored.id() + "?verstuurd=ja");
    } catch (RefusedAtIntake refused) {
      if (token != null && forms != null) {
        forms.remove(token);
      }
      form(
          request,
          response,
          user,
          form,
          refused.decision().reasons().stream()
              .filter(r -> r.effect() == Reason.Effect.DENY)
              .map(texts::professional)
              .toList());
    } catch (RuntimeException e) {
      if (token != null && forms != null) {
        forms.remove(token);
      }
      throw e;
    }
  }

  /** The fields of the request form, as typed. */
  record Form(
      String bsn,
      String source,
      String purpose,
      Set<String> categories,
      String basis,
      String explanation,
      String motivation,
      String delay) {
    static Form of(HttpServletRequest request) {
      return new Form(
          trim(request.getParameter("bsn")),
          trim(request.getParameter("bron")),
          trim(request.getParameter("doel")),
          new LinkedHashSet<>(
              Arrays.asList(
                  Optional.ofNullable(request.getParameterValues("gegevens"))
                      .orElse(new String[0]))),
          trim(request.getParameter("grondslag")),
          trim(request.getParameter("uitleg")),
          trim(request.getParameter("motivatie")),
          trim(request.getParameter("achteraf")));
    }

    List<String> problems() {
      List<String> out = new java.util.ArrayList<>();
      for (String text :
          new String[] {bsn, source, purpose, basis, explanation, motivation, delay}) {
        if (text != null && !RequestInput.acceptable(text)) {
          out.add(
              "Een veld is te lang (meer dan "
                  + RequestInput.MAX_TEXT
                  + " tekens) of bevat stuurtekens.");
          return out;
        }
      }
      if (categories.size() > 20
          || categories.stream().anyMatch(c -> c.length() > 64 || !c.matches("[a-z-]+"))) {
        out.add("P2: Kies de gegevens uit de lijst.");
        return out;
      }
      if (explanation == null) {
        out.add("P1: Leg uit waarom u deze gegevens nodig heeft.");
      }
      if (categories.isEmpty()) {
        out.add("P2: Vink aan welke gegevens u nodig heeft.");
      }
      if (basis == null) {
        out.add("P3: Kies de grondslag.");
      }
      return out;
    }

    private static String trim(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  private void list(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      String error)
      throws IOException {
    // The organisation's requests from both sides by the indexes of V16, the sources' names in one
    // query (issue #16.5).
    RequestListing listing = new RequestListing(database);
    List<DataRequestEntity> requests = listing.ofOrganisation(user.organisationId(), 0, 200).rows();
    Map<String, String> names =
        listing.organisationNames(requests.stream().map(DataRequestEntity::sourceOrg).toList());
    List<Row> rows =
        requests.stream()
            .map(
                r ->
                    new Row(
                        r.id(),
                        FamilyTimeline.day(r.createdAt()),
                        "BSN eindigt op " + r.youthBsn().substring(6),
                        names.get(r.sourceOrg()),
                        purposeName(r.purpose()),
                        r.businessStatus().dutch(),
                        !r.requesterOrg().equals(user.organisationId())))
            .toList();
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("rows", rows);
    model.put("error", error);
    model.put("sources", sources());
    model.put(
        "purposes",
        purposesFor(user).stream()
            .map(p -> new ConsentPages.Option(p.code(), p.display()))
            .toList());
    pages.render(request, response, 200, "requests", model);
  }

  private void form(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      Form form,
      List<String> problems)
      throws IOException {
    form(request, response, user, form, problems, Map.of());
  }

  private void form(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      Form form,
      List<String> problems,
      Map<String, Object> extra)
      throws IOException {
    Optional<Purpose> purpose =
        purposesFor(user).stream().filter(p -> p.code().equals(form.purpose())).findFirst();
    boolean knownSource = sources().stream().anyMatch(o -> o.code().equals(form.source()));
    if (purpose.isEmpty() || !knownSource || form.bsn() == null) {
      list(
          request,
          response,
          user,
          "Vul het BSN in en kies een bron en een doel uit de lijst. U ziet alleen de doelen "
              + "die uw rol mag gebruiken (P3).");
      return;
    }
    Purpose p = purpose.get();
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("form", form);
    model.put("problems", problems);
    model.put("purpose", p);
    model.put("sourceName", name(form.source()));
    model.put(
        "categories",
        p.sortedCategories().stream()
            .map(c -> new ConsentPages.Option(c, catalogue.categoryDisplay(c)))
            .toList());
    model.put(
        "bases",
        p.bases().stream()
            .sorted()
            .map(
                b ->
                    new ConsentPages.Option(
                        b, LegalBasis.fromCode(b).map(LegalBasis::dutch).orElse(b)))
            .toList());
    model.putAll(extra);
    model.put("formToken", formToken(request));
    pages.render(request, response, problems.isEmpty() ? 200 : 422, "request-new", model);
  }

  private void status(
      HttpServletRequest request, HttpServletResponse response, AuthenticatedUser user, String id)
      throws IOException {
    DataRequestEntity r;
    try {
      r = id.length() > 36 ? null : access.visible(id, user);
    } catch (NotVisible e) {
      r = null;
    }
    if (r == null) {
      pages.notFound(request, response);
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put(
        "entry",
        timeline.show(r, ReasonTexts.Audience.PROFESSIONAL, ReasonTexts.FamilyView.general("")));
    model.put("incoming", !r.requesterOrg().equals(user.organisationId()));
    model.put("unreached", reach.unreachedPeople(r.id()));
    if ("ja".equals(request.getParameter("verstuurd"))
        && r.requesterOrg().equals(user.organisationId())) {
      model.put(
          "message",
          "Uw verzoek is verstuurd. Hieronder ziet u de status; ververs de pagina voor nieuws.");
    }
    String releaseId = r.releaseId();
    ReleaseEntity release =
        releaseId == null || !r.requesterOrg().equals(user.organisationId())
            ? null
            : database.read(em -> em.find(ReleaseEntity.class, releaseId));
    if (release != null && (release.bundleJson() == null || release.accessEndedAt() != null)) {
      // E1, E2: deleted at the retention end, or recalled by an erasure request.
      model.put(
          "documentGone",
          release.erasedAt() != null
              ? "De gegevens zijn verwijderd op "
                  + FamilyTimeline.day(release.erasedAt())
                  + " (bewaartermijn verstreken, E1)."
              : "Er is een verwijderverzoek voor deze gegevens verstuurd (E2). Ze zijn niet meer beschikbaar. "
                  + "Bevestig de verwijdering bij Verwijderverzoeken.");
    } else if (release != null) {
      Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, release.bundleJson());
      DataRequestEntity viewed = r;
      // A1, issue #20.6: who looked — the professional's view of the release is an entry, shown on
      // the family's timeline.
      database.write(
          em ->
              audit.append(
                  em,
                  RequestAudit.releaseLooked(
                      viewed,
                      "release-viewed",
                      new AuditRecord.Actor(
                          user.username(), user.role(), user.organisationId(), null),
                      request.getRemoteAddr(),
                      "release "
                          + release.id()
                          + " viewed on the portal's request page ("
                          + bundle.getEntry().size()
                          + " entries)")));
      model.put("document", ReleaseDocument.of(bundle));
    }
    pages.render(request, response, 200, "request", model);
  }

  /**
   * A new one-time token for this rendering of the request form. The session keeps the tokens used
   * (the last 50) with the request each one made, so that the same form sent twice makes one
   * request.
   */
  private static String formToken(HttpServletRequest request) {
    jakarta.servlet.http.HttpSession session = request.getSession();
    if (session.getAttribute(FORMS) == null) {
      session.setAttribute(FORMS, java.util.Collections.synchronizedMap(new UsedForms()));
    }
    return java.util.UUID.randomUUID().toString();
  }

  /** The used form tokens of a session, oldest dropped after 50. */
  private static final class UsedForms extends java.util.LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 50;
    }
  }

  private List<ConsentPages.Option> sources() {
    return database
        .read(
            em ->
                em.createQuery(
                        "select o from OrganisationEntity o where o.fhirBaseUrl is not null order by o.name",
                        OrganisationEntity.class)
                    .getResultList())
        .stream()
        .map(o -> new ConsentPages.Option(o.id(), o.name()))
        .toList();
  }

  /** P3: the purposes the professional's role may request for. */
  private List<Purpose> purposesFor(AuthenticatedUser user) {
    return catalogue.purposes().stream()
        .filter(p -> p.roles().contains(user.role()) && !p.internalOnly())
        .sorted(java.util.Comparator.comparing(Purpose::display))
        .toList();
  }

  private String name(String org) {
    OrganisationEntity o =
        org == null ? null : database.read(em -> em.find(OrganisationEntity.class, org));
    return o == null ? org : o.name();
  }

  private String purposeName(String code) {
    return catalogue.purpose(code).map(Purpose::display).orElse(code);
  }
}
