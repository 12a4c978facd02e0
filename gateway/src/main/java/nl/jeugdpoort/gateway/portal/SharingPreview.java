package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.connectors.TraceContext;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.AuditTrace;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.source.SourceTranslation;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.Outcome;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.Requester;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * "Wat zou er gedeeld worden?" — a dry run of the real {@link PolicyEngine} on the real catalogue,
 * the same call the request flow makes before the fetch ({@code DecisionStep.beforeFetch}): the
 * youth as the source knows them (age, authority holders, representative — the connector's {@code
 * lookupYouth}, as {@code YouthLookupStep} does), the family's consents and objections as stored,
 * no items (nothing is fetched). Nothing is stored but one audit entry of event type {@code
 * preview}. When the youth cannot be looked up, there is no preview (fail closed): the page says so
 * and nothing is claimed.
 */
@ApplicationScoped
public class SharingPreview {
  @Inject PolicyEngine policy;
  @Inject PurposeCatalogue catalogue;
  @Inject SourceConnector connector;
  @Inject SourceDirectory directory;
  @Inject RequestStore store;
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject ReasonTexts texts;
  @Inject FamilyAccess family;

  /** One kind of data in the preview: whether it would go, and if not, why. */
  public record Line(String category, String display, boolean shared, String why) {}

  /**
   * The preview as the page shows it.
   *
   * @param available false when the youth could not be looked up (then nothing else is filled in)
   * @param refused true when the whole request would be refused
   * @param lines per category of the request: shared or not, and why not
   * @param reasons the reasons behind it (for professionals with the rule id; for families without)
   * @param told who would get a notice, by name (null when nobody would)
   * @param toldAfterwards true when that notice would come only afterwards (N2)
   * @param objectionInTheWay true when an objection would stop (part of) it (O rules)
   */
  public record Result(
      boolean available,
      boolean refused,
      List<Line> lines,
      List<String> reasons,
      String told,
      boolean toldAfterwards,
      boolean objectionInTheWay) {
    static Result unavailable() {
      return new Result(false, false, List.of(), List.of(), null, false, false);
    }
  }

  /**
   * For a family member before giving consent: were {@code recipientOrg} to ask for every category
   * of {@code purposeCode} on the basis of consent, with this person's consent given for all of
   * them, what would go? The youth is looked up at the sources that already answered about them,
   * then at the others.
   */
  public Result forFamily(
      AuthenticatedUser user, String recipientOrg, Purpose purpose, String from) {
    Optional<Looked> looked = lookupAnywhere(user.youthBsn(), purpose.code(), recipientOrg);
    String role = purpose.roles().stream().sorted().findFirst().orElse("unknown");
    Set<String> categories = new LinkedHashSet<>(purpose.sortedCategories());
    Instant now = clock.instant();
    DataRequest request =
        new DataRequest(
            "preview-" + UUID.randomUUID(),
            new Requester("preview", directory.name(recipientOrg), role, recipientOrg),
            user.youthBsn(),
            looked.map(Looked::source).orElse(null),
            purpose.code(),
            "Voorbeeld vooraf voor de familie",
            categories,
            LegalBasis.CONSENT.code(),
            null,
            null);
    if (looked.isEmpty()) {
      audit(
          user, request, null, from, "family preview: youth could not be looked up at any source");
      return Result.unavailable();
    }
    List<ConsentRecord> consents = new ArrayList<>(store.consents(user.youthBsn()));
    consents.add(
        new ConsentRecord(
            "preview-consent",
            user.personRef(),
            recipientOrg,
            purpose.code(),
            categories,
            ConsentInformation.PARENTS,
            ConsentRecord.Act.AUTHENTICATED_ACT,
            now,
            null,
            null));
    Decision d =
        policy.decide(
            request,
            new Facts(
                clock,
                looked.get().youth(),
                consents,
                store.objections(user.youthBsn()),
                null,
                null,
                List.of()));
    audit(
        user,
        request,
        d,
        from,
        "family preview for recipient " + recipientOrg + ": " + d.outcome());
    return result(request, d, looked.get().youth(), user, false);
  }

  /**
   * For a professional before submitting: the request as filled in, decided as the flow would
   * before the fetch.
   */
  public Result forProfessional(
      AuthenticatedUser user,
      String sourceOrg,
      String bsn,
      String purpose,
      Set<String> categories,
      String basis,
      String explanation,
      String motivation,
      String delay,
      String from) {
    DataRequest request =
        new DataRequest(
            "preview-" + UUID.randomUUID(),
            new Requester(user.username(), user.displayName(), user.role(), user.organisationId()),
            bsn,
            sourceOrg,
            purpose,
            explanation,
            categories,
            basis,
            motivation,
            delay);
    Decision precheck = policy.precheck(request);
    if (precheck.isRefused()) {
      audit(user, request, precheck, from, "professional preview: refused on its face");
      return result(request, precheck, null, user, true);
    }
    Optional<Looked> looked =
        directory.endpoint(sourceOrg).flatMap(e -> lookup(e, bsn, purpose, user.organisationId()));
    if (looked.isEmpty()) {
      audit(
          user,
          request,
          null,
          from,
          "professional preview: youth could not be looked up at " + sourceOrg);
      return Result.unavailable();
    }
    Decision d =
        policy.decide(
            request,
            new Facts(
                clock,
                looked.get().youth(),
                store.consents(bsn),
                store.objections(bsn),
                null,
                null,
                store.releaseHistory(bsn)));
    audit(user, request, d, from, "professional preview: " + d.outcome());
    return result(request, d, looked.get().youth(), user, true);
  }

  private record Looked(String source, Youth youth) {}

  private Optional<Looked> lookupAnywhere(String bsn, String purpose, String requesterOrg) {
    List<String> sources =
        new ArrayList<>(
            database
                .read(
                    em ->
                        em.createQuery(
                                "select r.sourceOrg from DataRequestEntity r "
                                    + "where r.youthBsn = :bsn order by r.createdAt desc",
                                String.class)
                            .setParameter("bsn", bsn)
                            .setMaxResults(50)
                            .getResultList())
                .stream()
                .distinct()
                .toList());
    database
        .read(
            em ->
                em.createQuery(
                        "select o from OrganisationEntity o where o.fhirBaseUrl is not null order by o.name",
                        OrganisationEntity.class)
                    .getResultList())
        .stream()
        .map(OrganisationEntity::id)
        .filter(id -> !sources.contains(id))
        .forEach(sources::add);
    for (String source : sources) {
      Optional<Looked> found =
          directory.endpoint(source).flatMap(e -> lookup(e, bsn, purpose, requesterOrg));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The portal call's trace context (docs/audit.md#trace-context-w3c-traceparent), for the call to
   * the source.
   */
  private static TraceContext callTrace() {
    AuditTrace.Span span = AuditTrace.current();
    return span == null ? null : new TraceContext(span.traceId(), span.spanId(), "01");
  }

  private Optional<Looked> lookup(
      SourceEndpoint endpoint, String bsn, String purpose, String requesterOrg) {
    SourceResult answer =
        connector.lookupYouth(
            endpoint,
            new SourceQuery(
                "preview-" + UUID.randomUUID(),
                bsn,
                null,
                Set.of(),
                0,
                purpose,
                "Voorbeeld vooraf (er wordt niets opgehaald of gedeeld)",
                requesterOrg,
                callTrace()));
    if (answer instanceof SourceResult.Youth y) {
      Youth youth = SourceTranslation.youth(y.patient(), y.relatedPersons(), bsn);
      // Fail closed: without a birth date the age rules (C2, N1, F3) cannot be applied.
      return youth.birthDate() == null
          ? Optional.empty()
          : Optional.of(new Looked(endpoint.organisationId(), youth));
    }
    return Optional.empty();
  }

  private Result result(
      DataRequest request, Decision d, Youth youth, AuthenticatedUser user, boolean professional) {
    boolean refused = d.outcome() == Outcome.REFUSE;
    List<Line> lines = new ArrayList<>();
    for (String category : request.categories().stream().sorted().toList()) {
      String display = catalogue.categoryDisplay(category);
      if (!refused && d.releasableFields().containsKey(category)) {
        lines.add(new Line(category, display, true, null));
      } else {
        String rule = d.leftOutCategories().get(category);
        String why =
            refused
                ? "Het hele verzoek zou worden geweigerd; zie hieronder waarom."
                : d.reasons().stream()
                    .filter(r -> r.ruleId().equals(rule) && r.effect() != Reason.Effect.PERMIT)
                    .map(r -> words(r, user, professional))
                    .findFirst()
                    .orElse("Dit hoort niet bij dit doel.");
        lines.add(new Line(category, display, false, why));
      }
    }
    List<String> reasons =
        d.reasons().stream()
            .filter(r -> r.effect() != Reason.Effect.PERMIT || professional)
            .map(r -> words(r, user, professional))
            .distinct()
            .toList();
    boolean objection =
        d.reasons().stream()
            .anyMatch(r -> r.ruleId().startsWith("O") && r.effect() != Reason.Effect.PERMIT);
    String told = null;
    boolean afterwards = false;
    if (!refused && d.notice() != null) {
      String names =
          d.notice().recipients().stream()
              .map(p -> name(p, youth, user, professional))
              .collect(Collectors.joining(", "));
      told = names.isEmpty() ? null : names;
      afterwards = d.notice().timing() == nl.jeugdpoort.policy.NoticePlan.Timing.AFTER;
    }
    return new Result(true, refused, lines, reasons, told, afterwards, objection);
  }

  /**
   * A reason in the reader's words: the professional's with its rule id, the family's in plain
   * Dutch.
   */
  private String words(Reason r, AuthenticatedUser user, boolean professional) {
    return professional ? texts.professional(r) : texts.family(r, family.view(user));
  }

  private static String name(Person p, Youth youth, AuthenticatedUser user, boolean professional) {
    if (!professional && p.id().equals(user.personRef())) {
      return "u";
    }
    String role =
        switch (p.relation()) {
          case YOUTH -> "de jongere";
          case AUTHORITY_HOLDER -> "ouder met gezag";
          case REPRESENTATIVE -> "vertegenwoordiger";
        };
    return p.name() == null || p.name().isBlank() ? role : p.name() + " (" + role + ")";
  }

  /** The one thing a preview stores: its audit entry (A1), event type {@code preview}. */
  private void audit(
      AuthenticatedUser user, DataRequest request, Decision d, String from, String detail) {
    database.write(
        em -> {
          audit.append(
              em,
              AuditRecord.of(
                      "E",
                      "preview",
                      d == null ? "failure" : "success",
                      new AuditRecord.Actor(
                          user.username(), user.role(), user.organisationId(), user.personRef()))
                  .withAccessPoint(from)
                  .withRequest(null, request.youthBsn(), request.purpose(), request.basis())
                  .withData(String.join(",", request.categories()))
                  .withRules(d == null ? List.of() : d.ruleIds())
                  .withDetail("dry run, nothing fetched or stored; " + detail));
          return null;
        });
  }
}
