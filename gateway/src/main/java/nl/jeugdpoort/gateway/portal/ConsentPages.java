package nl.jeugdpoort.gateway.portal;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.family.ConsentResources;
import nl.jeugdpoort.gateway.family.FamilyConsents;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import nl.jeugdpoort.policy.family.FamilyRules;

/**
 * A family's consents and objections in the portal:
 *
 * <ul>
 *   <li>{@code GET /portal/toestemming}: the family's consents and objections (one's own always,
 *       C4; the others as F2/F3 allow), with a withdraw button on what one may withdraw (C3, O3),
 *       the start of a new consent, and for a youth of 16+ the choice whether the parents see what
 *       was shared (F3);
 *   <li>{@code GET /portal/toestemming/nieuw?organisatie=…&doel=…}: the information text, its
 *       version, and the categories the purpose allows, none ticked (C1);
 *   <li>{@code POST /portal/toestemming}: gives the consent (an active, authenticated act, C1; only
 *       who counts under C2);
 *   <li>{@code POST /portal/intrekken}: withdraws a consent (C3) or objection (O3), one action;
 *   <li>{@code POST /portal/bezwaar/nieuw}: an objection scoped as O1 allows — to all exchange, or
 *       to one recipient organisation, one purpose and/or one category ({@code organisatie}, {@code
 *       doel}, {@code gegevens}; empty means all);
 *   <li>{@code GET /portal/toestemming/{id}} and {@code /portal/toestemming/{id}.json}: the record
 *       as a readable page with the text that was shown, and as FHIR {@code Consent} (C4);
 *   <li>{@code POST /portal/meekijken}: the youth of 16+ lets the parents see, or no longer (F3).
 * </ul>
 */
@WebServlet(
    urlPatterns = {
      "/portal/toestemming",
      "/portal/toestemming/*",
      "/portal/intrekken",
      "/portal/meekijken",
      "/portal/bezwaar/nieuw"
    })
public class ConsentPages extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient Pages pages;
  @Inject transient Database database;
  @Inject transient FamilyAccess family;
  @Inject transient ReasonTexts texts;
  @Inject transient FamilyConsents consents;
  @Inject transient SecurityAudit securityAudit;
  @Inject transient PurposeCatalogue catalogue;
  @Inject transient SourceDirectory directory;
  @Inject transient FhirContext fhir;
  @Inject transient Clock clock;
  @Inject transient FamilyMember members;
  @Inject transient SharingPreview preview;
  @Inject transient nl.jeugdpoort.gateway.source.SelfAddress self;

  /** One consent or objection as the page shows it. */
  public record Row(
      String id,
      boolean objection,
      String what,
      boolean active,
      String givenBy,
      boolean mine,
      String recipient,
      String purpose,
      String categories,
      String from,
      String until,
      boolean mayWithdraw) {}

  /** A choice in a form. */
  public record Option(String code, String display) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isFamilyMember()) {
      pages.notFound(request, response);
      return;
    }
    String path = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    if (path.equals("/portal/toestemming")) {
      overview(request, response, user, request.getParameter("melding"));
    } else if (path.equals("/portal/toestemming/nieuw")) {
      information(
          request,
          response,
          user,
          request.getParameter("organisatie"),
          request.getParameter("doel"),
          null);
    } else if (path.startsWith("/portal/toestemming/")) {
      String id = path.substring("/portal/toestemming/".length());
      boolean json = id.endsWith(".json");
      record(request, response, user, json ? id.substring(0, id.length() - 5) : id, json);
    } else {
      pages.notFound(request, response);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AuthenticatedUser user = Pages.user();
    if (!user.isFamilyMember()) {
      pages.notFound(request, response);
      return;
    }
    switch (request.getServletPath() + Objects.toString(request.getPathInfo(), "")) {
      case "/portal/toestemming" -> give(request, response, user);
      case "/portal/intrekken" -> withdraw(request, response, user);
      case "/portal/meekijken" -> parentsView(request, response, user);
      case "/portal/bezwaar/nieuw" -> object(request, response, user);
      default -> response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }
  }

  private void overview(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      String message)
      throws IOException {
    List<String> shared =
        "ingetrokken".equals(message) ? sharedOn(user, request.getParameter("toestemming")) : null;
    String text = messages().get(Objects.toString(message, ""));
    if (shared != null && shared.isEmpty()) {
      text = WITHDRAWN + " Op deze toestemming is niets gedeeld.";
    } else if (shared != null) {
      text =
          WITHDRAWN
              + " Wat al gedeeld is, blijft bij de organisatie die het kreeg, tot de bewaartermijn voorbij is:";
      request.setAttribute("jeugdpoort.shared", shared);
      request.setAttribute(
          "jeugdpoort.after", "U kunt in Jeugdpoort nog niet vragen om het eerder te wissen.");
    }
    overview(request, response, user, text, null, 200);
  }

  /**
   * What went out on the consent just withdrawn (C3): per release to its recipient for its purpose
   * on the basis of consent, when and until when the recipient may keep it (E1); null when the id
   * is not one's own family's consent.
   */
  private List<String> sharedOn(AuthenticatedUser user, String consentId) {
    ConsentEntity c =
        consentId == null || consentId.length() > 36
            ? null
            : database.read(em -> em.find(ConsentEntity.class, consentId));
    if (c == null
        || c.isObjection()
        || !c.youthBsn().equals(user.youthBsn())
        || !c.givenBy().equals(user.personRef())) {
      return null;
    }
    List<Object[]> rows =
        database.read(
            em ->
                em.createQuery(
                        "select r, rel from DataRequestEntity r, ReleaseEntity rel "
                            + "where rel.id = r.releaseId and r.youthBsn = :bsn and r.requesterOrg = :org and r.purpose = :p "
                            + "and r.legalBasis = 'consent' order by rel.createdAt",
                        Object[].class)
                    .setParameter("bsn", c.youthBsn())
                    .setParameter("org", c.recipientOrg())
                    .setParameter("p", c.purpose())
                    .getResultList());
    Map<String, String> lines = new java.util.LinkedHashMap<>();
    for (Object[] row : rows) {
      nl.jeugdpoort.gateway.persistence.DataRequestEntity r =
          (nl.jeugdpoort.gateway.persistence.DataRequestEntity) row[0];
      nl.jeugdpoort.gateway.persistence.ReleaseEntity rel =
          (nl.jeugdpoort.gateway.persistence.ReleaseEntity) row[1];
      if (rel.createdAt().isBefore(c.periodStart())
          || c.withdrawnAt() != null && rel.createdAt().isAfter(c.withdrawnAt())
          || java.util.Collections.disjoint(r.categories(), c.categories())) {
        continue;
      }
      lines.putIfAbsent(
          rel.id(),
          "Gedeeld op "
              + FamilyTimeline.DATE.format(rel.createdAt())
              + " met "
              + directory.name(r.requesterOrg())
              + ". Die mag het bewaren tot "
              + FamilyTimeline.DATE.format(rel.retentionEnd())
              + ".");
    }
    return List.copyOf(lines.values());
  }

  private void overview(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      String message,
      String error,
      int status)
      throws IOException {
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("rows", rows(user));
    model.put("message", message);
    model.put("shared", request.getAttribute("jeugdpoort.shared"));
    model.put("after", request.getAttribute("jeugdpoort.after"));
    model.put("error", error);
    FamilyRules.Answer mayConsent = family.mayGiveConsent(user);
    model.put("mayConsent", mayConsent.allowed());
    model.put(
        "consentRefusal",
        mayConsent.allowed() ? null : texts.family(mayConsent.reason(), family.view(user)));
    model.put("who", members.of(user));
    model.put("organisations", organisations());
    model.put(
        "purposes",
        consentPurposes().stream().map(p -> new Option(p.code(), p.display())).toList());
    FamilyRules.Answer mayObject = family.mayLodgeObjection(user);
    model.put("mayObject", mayObject.allowed());
    model.put(
        "objectionRefusal",
        mayObject.allowed() ? null : texts.family(mayObject.reason(), family.view(user)));
    model.put(
        "allPurposes",
        catalogue.purposes().stream()
            .sorted(java.util.Comparator.comparing(Purpose::display))
            .map(p -> new Option(p.code(), p.display()))
            .toList());
    model.put(
        "allCategories",
        catalogue.categories().stream()
            .map(c -> new Option(c.code(), catalogue.categoryDisplay(c.code())))
            .sorted(java.util.Comparator.comparing(Option::display))
            .toList());
    boolean decides = family.mayDecideParentsView(user).allowed();
    model.put("decidesParentsView", decides);
    model.put("parentsMaySee", decides && family.parentsMaySee(user.youthBsn()));
    pages.render(request, response, status, "consents", model);
  }

  private static final String WITHDRAWN =
      "Uw toestemming is ingetrokken. Vanaf nu wordt er op deze toestemming niets "
          + "meer gedeeld.";

  /** The confirmations after an action (post/redirect/get), shown at the top of the page. */
  private static Map<String, String> messages() {
    return Map.of(
        "gegeven",
            "Uw toestemming is vastgelegd. U kunt haar hieronder bekijken, downloaden en altijd weer intrekken.",
        "ingetrokken",
            WITHDRAWN
                + " Wat al gedeeld is, blijft bij de organisatie die het kreeg. Die mag het bewaren tot de bewaartermijn "
                + "voorbij is. Tot wanneer dat is, ziet u bij de kopie van wat er is gedeeld. U kunt in Jeugdpoort nog "
                + "niet vragen om het eerder te wissen.",
        "bezwaar-ingetrokken",
            "Uw bezwaar is ingetrokken. Het telt vanaf nu niet meer bij nieuwe verzoeken.",
        "bezwaar",
            "Uw bezwaar is vastgelegd. Vanaf nu wordt er niets gedeeld dat eronder valt. Alleen als de wet "
                + "het verplicht, kan dat toch. Dan krijgt u daarover bericht.",
        "meekijken-aan",
            "Uw ouders kunnen nu zien wat er over u is gedeeld. U kunt dit altijd weer uitzetten.",
        "meekijken-uit", "Uw ouders kunnen niet meer zien wat er over u is gedeeld.");
  }

  /**
   * Step 2 of giving consent: the information text for this recipient and purpose, and its
   * categories.
   */
  private void information(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      String org,
      String purposeCode,
      String error)
      throws IOException {
    Optional<OrganisationEntity> recipient = directory.organisation(clean(org));
    Optional<Purpose> purpose = consentPurpose(purposeCode);
    if (recipient.isEmpty() || purpose.isEmpty()) {
      overview(
          request, response, user, null, "Kies een organisatie en een doel uit de lijst.", 400);
      return;
    }
    Purpose p = purpose.get();
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("error", error);
    model.put("organisation", new Option(recipient.get().id(), recipient.get().name()));
    model.put("purpose", new Option(p.code(), p.display()));
    model.put(
        "categories",
        p.sortedCategories().stream()
            .map(c -> new Option(c, catalogue.categoryDisplay(c)))
            .toList());
    FamilyMember.Who who = members.of(user);
    String version = ConsentInformation.current(who.youth());
    model.put("who", who);
    model.put("version", version);
    model.put(
        "paragraphs",
        ConsentInformation.text(
                version,
                recipient.get().name(),
                p.display(),
                p.definition(),
                "de gegevens die u hieronder aanvinkt")
            .orElseThrow());
    FamilyRules.Answer may = family.mayGiveConsent(user);
    model.put("mayConsent", may.allowed());
    model.put(
        "consentRefusal", may.allowed() ? null : texts.family(may.reason(), family.view(user)));
    model.put("already", activeConsents(user, recipient.get().id(), p.code()));
    if (may.allowed() && error == null) {
      // "Wat zou er gedeeld worden?": the real policy as a dry run (audited as a preview, nothing
      // fetched).
      self.learnFromLocalPort(request.getLocalPort(), request.getContextPath());
      model.put(
          "preview", preview.forFamily(user, recipient.get().id(), p, request.getRemoteAddr()));
    }
    pages.render(request, response, error == null ? 200 : 400, "consent-new", model);
  }

  private void give(
      HttpServletRequest request, HttpServletResponse response, AuthenticatedUser user)
      throws IOException {
    String org = request.getParameter("organisatie");
    String purposeCode = request.getParameter("doel");
    Optional<OrganisationEntity> recipient = directory.organisation(clean(org));
    Optional<Purpose> purpose = consentPurpose(purposeCode);
    if (recipient.isEmpty() || purpose.isEmpty()) {
      information(request, response, user, org, purposeCode, null);
      return;
    }
    String version = ConsentInformation.current(members.of(user).youth());
    if (!version.equals(request.getParameter("tekstversie"))) {
      information(
          request,
          response,
          user,
          org,
          purposeCode,
          "De uitleg is intussen veranderd. Lees de nieuwe uitleg hieronder en geef dan opnieuw toestemming.");
      return;
    }
    String[] ticked =
        Optional.ofNullable(request.getParameterValues("gegevens")).orElse(new String[0]);
    Set<String> categories = new LinkedHashSet<>(Arrays.asList(ticked));
    if (categories.isEmpty() || !purpose.get().categories().containsAll(categories)) {
      information(
          request,
          response,
          user,
          org,
          purposeCode,
          "Vink aan voor welke gegevens u toestemming geeft. Er staat niets vooraf aangevinkt.");
      return;
    }
    Instant now = clock.instant();
    Instant end = null;
    String until = request.getParameter("tot");
    if (until != null && !until.isBlank()) {
      try {
        LocalDate day = LocalDate.parse(until.trim());
        end = day.plusDays(1).atStartOfDay(GatewayProducers.ZONE).toInstant();
        if (!end.isAfter(now) || day.getYear() > 9999) {
          throw new DateTimeParseException("not in the future", until, 0);
        }
      } catch (DateTimeParseException e) {
        information(
            request,
            response,
            user,
            org,
            purposeCode,
            "Vul bij 'Geldig tot' een datum in de toekomst in, of laat het leeg.");
        return;
      }
    }
    try {
      // Idempotent: the same consent again (a second tap, a replayed POST) stores nothing new.
      consents.give(
          user,
          FamilyConsents.Command.consent(
              user.youthBsn(),
              recipient.get().id(),
              purpose.get().code(),
              categories,
              version,
              end),
          "portal consent",
          request.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      information(request, response, user, org, purposeCode, refused.getMessage());
      return;
    }
    // Post/redirect/get to the top of the page, where the confirmation is (no anchor that hides
    // it).
    response.sendRedirect(request.getContextPath() + "/portal/toestemming?melding=gegeven");
  }

  /** O1: an objection to all exchange, or scoped to a recipient, a purpose and/or a category. */
  private void object(
      HttpServletRequest request, HttpServletResponse response, AuthenticatedUser user)
      throws IOException {
    String org = blankToNull(request.getParameter("organisatie"));
    String purpose = blankToNull(request.getParameter("doel"));
    String category = blankToNull(request.getParameter("gegevens"));
    if (org != null && directory.organisation(clean(org)).isEmpty()
        || purpose != null && catalogue.purpose(clean(purpose)).isEmpty()
        || category != null && catalogue.category(clean(category)).isEmpty()) {
      overview(
          request,
          response,
          user,
          null,
          "Kies bij uw bezwaar een organisatie, doel en soort gegevens uit de lijst.",
          400);
      return;
    }
    try {
      consents.give(
          user,
          FamilyConsents.Command.objection(
              user.youthBsn(), org, purpose, category == null ? Set.of() : Set.of(category)),
          "portal objection",
          request.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      overview(
          request,
          response,
          user,
          null,
          refused.getMessage(),
          refused.why() == FamilyConsents.Refused.Why.INVALID ? 400 : 403);
      return;
    }
    response.sendRedirect(request.getContextPath() + "/portal/toestemming?melding=bezwaar");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private void withdraw(
      HttpServletRequest request, HttpServletResponse response, AuthenticatedUser user)
      throws IOException {
    ConsentEntity c = own(request, user, request.getParameter("id"));
    if (c == null) {
      pages.notFound(request, response);
      return;
    }
    String done =
        "/portal/toestemming?melding="
            + (c.isObjection() ? "bezwaar-ingetrokken" : "ingetrokken&toestemming=" + c.id());
    try {
      // Withdrawn already by the same person (a second tap, a replayed POST): the same answer,
      // nothing changes.
      consents.withdraw(user, c.id(), "portal withdraw", request.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      overview(request, response, user, null, refused.getMessage(), 403);
      return;
    }
    response.sendRedirect(request.getContextPath() + done);
  }

  private void parentsView(
      HttpServletRequest request, HttpServletResponse response, AuthenticatedUser user)
      throws IOException {
    String choice = request.getParameter("ouders");
    try {
      Boolean parentsMaySee =
          "ja".equals(choice) ? Boolean.TRUE : "nee".equals(choice) ? Boolean.FALSE : null;
      consents.decideParentsView(
          user, parentsMaySee, "portal parents' view", request.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      response.sendError(
          refused.why() == FamilyConsents.Refused.Why.INVALID
              ? HttpServletResponse.SC_BAD_REQUEST
              : HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    response.sendRedirect(
        request.getContextPath()
            + "/portal/toestemming?melding=meekijken-"
            + ("ja".equals(choice) ? "aan" : "uit"));
  }

  /**
   * C4: the consent record as a readable page with the information text that was shown, or as FHIR.
   */
  private void record(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticatedUser user,
      String id,
      boolean json)
      throws IOException {
    ConsentEntity c = own(request, user, id);
    if (c == null) {
      pages.notFound(request, response);
      return;
    }
    if (!c.givenBy().equals(user.personRef())) {
      FamilyRules.Answer see = family.maySeeDisclosures(user);
      if (!see.allowed()) {
        securityAudit.refused(
            user,
            request.getRemoteAddr(),
            "portal consent record " + c.id(),
            texts.auditor(see.reason()),
            List.of(see.reason().ruleId()));
        pages.notFound(request, response);
        return;
      }
    }
    consents.downloaded(user, c, json ? "FHIR JSON" : "HTML", request.getRemoteAddr());
    if (json) {
      response.setContentType("application/fhir+json;charset=UTF-8");
      response.setHeader(
          "Content-Disposition", "attachment; filename=\"" + c.kind() + "-" + c.id() + ".json\"");
      response
          .getWriter()
          .write(
              fhir.newJsonParser()
                  .setPrettyPrint(true)
                  .encodeResourceToString(ConsentResources.toFhir(c)));
      return;
    }
    Row row = row(c, user, names(user.youthBsn()));
    Map<String, Object> model = new HashMap<>();
    model.put("user", user);
    model.put("row", row);
    model.put(
        "act",
        "Gegeven door in te loggen in Jeugdpoort en op de knop te drukken (een actieve handeling).");
    model.put("version", c.informationVersion());
    model.put(
        "paragraphs",
        c.isObjection()
            ? List.of()
            : ConsentInformation.text(
                    c.informationVersion(),
                    row.recipient(),
                    row.purpose(),
                    catalogue.purpose(c.purpose()).map(Purpose::definition).orElse(""),
                    row.categories())
                .orElse(
                    List.of(
                        "Deze toestemming is niet in het portaal gegeven; de organisatie die haar vastlegde, verwees naar: "
                            + Objects.toString(
                                c.informationVersion(), "(geen uitleg vastgelegd)"))));
    pages.render(request, response, 200, "consent-record", model);
  }

  /** A consent or objection of the user's own family, or null (and an audited refusal) — F2. */
  private ConsentEntity own(HttpServletRequest request, AuthenticatedUser user, String id) {
    try {
      return consents.own(user, id, "portal consent ", request.getRemoteAddr());
    } catch (FamilyConsents.Refused refused) {
      return null;
    }
  }

  private List<Row> rows(AuthenticatedUser user) {
    boolean seesOthers = family.maySeeDisclosures(user).allowed();
    Map<String, String> names = names(user.youthBsn());
    return database
        .read(
            em ->
                em.createQuery(
                        "select c from ConsentEntity c where c.youthBsn = :bsn order by c.createdAt desc",
                        ConsentEntity.class)
                    .setParameter("bsn", user.youthBsn())
                    .setMaxResults(500)
                    .getResultList())
        .stream()
        .filter(c -> seesOthers || c.givenBy().equals(user.personRef()))
        .map(c -> row(c, user, names))
        .toList();
  }

  /**
   * The display names of the family's accounts by person reference: who gave a consent or
   * objection.
   */
  private Map<String, String> names(String youthBsn) {
    return database
        .read(
            em ->
                em.createQuery(
                        "select a from AccountEntity a where a.youthBsn = :bsn",
                        AccountEntity.class)
                    .setParameter("bsn", youthBsn)
                    .getResultList())
        .stream()
        .filter(a -> a.personRef() != null)
        .collect(
            Collectors.toMap(AccountEntity::personRef, AccountEntity::displayName, (a, b) -> a));
  }

  private Row row(ConsentEntity c, AuthenticatedUser user, Map<String, String> names) {
    Instant end = c.withdrawnAt() != null ? c.withdrawnAt() : c.periodEnd();
    boolean active =
        c.withdrawnAt() == null
            && (c.periodEnd() == null || c.periodEnd().isAfter(clock.instant()));
    String categories =
        c.categories().isEmpty()
            ? "alle gegevens"
            : c.categories().stream()
                .map(catalogue::categoryDisplay)
                .collect(Collectors.joining(", "));
    String givenBy = names.getOrDefault(c.givenBy(), "iemand uit uw gezin");
    return new Row(
        c.id(),
        c.isObjection(),
        c.isObjection() ? "Bezwaar" : "Toestemming",
        active,
        givenBy,
        c.givenBy().equals(user.personRef()),
        c.recipientOrg() == null ? "alle organisaties" : directory.name(c.recipientOrg()),
        c.purpose() == null
            ? "alle doelen"
            : catalogue.purpose(c.purpose()).map(Purpose::display).orElse(c.purpose()),
        categories,
        FamilyTimeline.day(c.periodStart()),
        end == null
            ? null
            : (c.withdrawnAt() != null ? "ingetrokken op " : "tot ") + FamilyTimeline.day(end),
        active && consents.mayWithdraw(user, c).allowed());
  }

  /**
   * The user's own consents in force for this recipient and purpose: the step-2 page says they
   * exist.
   */
  private List<Row> activeConsents(AuthenticatedUser user, String org, String purpose) {
    Map<String, String> names = names(user.youthBsn());
    return database
        .read(
            em ->
                em.createQuery(
                        "select c from ConsentEntity c where c.youthBsn = :bsn and c.givenBy = :p "
                            + "and c.kind = 'consent' and c.recipientOrg = :o and c.purpose = :d and c.withdrawnAt is null order by c.createdAt",
                        ConsentEntity.class)
                    .setParameter("bsn", user.youthBsn())
                    .setParameter("p", user.personRef())
                    .setParameter("o", org)
                    .setParameter("d", purpose)
                    .getResultList())
        .stream()
        .map(c -> row(c, user, names))
        .filter(Row::active)
        .toList();
  }

  private List<Option> organisations() {
    return database
        .read(
            em ->
                em.createQuery(
                        "select o from OrganisationEntity o order by o.name",
                        OrganisationEntity.class)
                    .getResultList())
        .stream()
        .map(o -> new Option(o.id(), o.name()))
        .toList();
  }

  /** The purposes for which consent is a basis (P3) and whose data may leave the source (V7). */
  private List<Purpose> consentPurposes() {
    return catalogue.purposes().stream()
        .filter(p -> p.bases().contains(LegalBasis.CONSENT.code()) && !p.internalOnly())
        .sorted(java.util.Comparator.comparing(Purpose::display))
        .toList();
  }

  private Optional<Purpose> consentPurpose(String code) {
    return consentPurposes().stream().filter(p -> p.code().equals(code)).findFirst();
  }

  private static String clean(String s) {
    return s == null || s.length() > 64 ? null : s;
  }
}
