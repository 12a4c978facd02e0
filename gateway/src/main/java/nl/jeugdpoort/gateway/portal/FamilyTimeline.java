package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import nl.jeugdpoort.gateway.audit.DisclosureReceipts;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestListing;
import nl.jeugdpoort.gateway.recording.RecordingRegistry;
import nl.jeugdpoort.gateway.request.DecisionJson;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.Dutch;
import nl.jeugdpoort.gateway.text.LifecycleTexts;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * What the family sees (F1): every request about their youth — released, partly released, refused,
 * pending or held — with who asked, when, why, on which basis, any override or delay motivation,
 * and the rules behind the outcome in plain Dutch; and the person's own inbox of notices. A request
 * whose notice comes afterwards (N2) appears once that notice is delivered. A release shows how
 * long it is kept and when it was deleted (E1), and the erasure request to its recipient with who
 * confirmed it and when (E2).
 */
@ApplicationScoped
public class FamilyTimeline {
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.forLanguageTag("nl-NL"))
          .withZone(GatewayProducers.ZONE);

  /** A day as families read it: "15 december 2026", in Europe/Amsterdam. */
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("nl-NL"))
          .withZone(GatewayProducers.ZONE);

  @Inject Database database;
  @Inject PurposeCatalogue catalogue;
  @Inject SourceDirectory directory;
  @Inject ReasonTexts texts;
  @Inject ErasureDuties erasures;

  /** One entry of the timeline, ready to show. */
  public record Disclosure(
      String id,
      String when,
      String status,
      boolean released,
      String requester,
      String requesterOrg,
      String sourceOrg,
      String purpose,
      String explanation,
      String basis,
      String categories,
      String motivation,
      String delayMotivation,
      String statusReason,
      Map<String, String> rules,
      String retention,
      String erasure,
      String receipt,
      List<String> views) {}

  /**
   * One notice in the inbox: its subject (a heading), when it came ("1 december 2026 om 14:05") and
   * its words.
   */
  public record Notice(String id, String subject, String when, String text, boolean afterwards) {}

  /**
   * What the family sees: every request about the youth but those whose notice comes afterwards and
   * has not yet gone (N2).
   */
  private static final String VISIBLE =
      "select r from DataRequestEntity r where r.youthBsn = :bsn and not exists ("
          + "select n from NoticeEntity n where n.requestId = r.id and n.timing = 'after' and n.deliveredAt is null) ";

  /**
   * The timeline as {@code view}'s reader sees it: the reasons in plain Dutch, the reader as "u" or
   * "je".
   */
  public List<Disclosure> disclosures(String youthBsn, ReasonTexts.FamilyView view) {
    List<DataRequestEntity> rows =
        database.read(
            em ->
                em.createQuery(
                        VISIBLE + "order by r.createdAt desc, r.id desc", DataRequestEntity.class)
                    .setParameter("bsn", youthBsn)
                    .setMaxResults(200)
                    .getResultList());
    Map<String, String> names = names(rows);
    Map<String, List<AuditEntryEntity>> trail =
        trail(rows.stream().map(DataRequestEntity::id).toList());
    return rows.stream()
        .map(r -> show(r, ReasonTexts.Audience.FAMILY, view, names, trail))
        .toList();
  }

  /** The names of the organisations of {@code rows}: one query for all of them (issue #16.5). */
  Map<String, String> names(List<DataRequestEntity> rows) {
    return new RequestListing(database)
        .organisationNames(
            rows.stream()
                .flatMap(r -> java.util.stream.Stream.of(r.requesterOrg(), r.sourceOrg()))
                .toList());
  }

  /**
   * One request of the timeline, or null when it is not about this youth or not yet visible (N2).
   */
  public DataRequestEntity visibleRequest(String youthBsn, String requestId) {
    return database
        .read(
            em ->
                em.createQuery(VISIBLE + "and r.id = :id", DataRequestEntity.class)
                    .setParameter("bsn", youthBsn)
                    .setParameter("id", requestId)
                    .getResultList())
        .stream()
        .findFirst()
        .orElse(null);
  }

  /**
   * The requests on the timeline that {@code personRef}'s own objection in force already covers
   * (same or no recipient, same or no purpose, all or more of its categories), with the day it was
   * lodged: their button shows "lodged" instead of offering the same objection again.
   */
  public Map<String, String> objectedRequests(String youthBsn, String personRef) {
    List<ConsentEntity> objections =
        database.read(
            em ->
                em.createQuery(
                        "select c from ConsentEntity c where "
                            + "c.youthBsn = :bsn and c.givenBy = :p and c.kind = 'objection' and c.withdrawnAt is null order by c.createdAt",
                        ConsentEntity.class)
                    .setParameter("bsn", youthBsn)
                    .setParameter("p", personRef)
                    .getResultList());
    Map<String, String> out = new LinkedHashMap<>();
    if (objections.isEmpty()) {
      return out;
    }
    for (DataRequestEntity r :
        database.read(
            em ->
                em.createQuery(VISIBLE + "order by r.createdAt desc", DataRequestEntity.class)
                    .setParameter("bsn", youthBsn)
                    .setMaxResults(200)
                    .getResultList())) {
      objections.stream()
          .filter(
              o ->
                  (o.recipientOrg() == null || o.recipientOrg().equals(r.requesterOrg()))
                      && (o.purpose() == null || o.purpose().equals(r.purpose()))
                      && (o.categories().isEmpty() || o.categories().containsAll(r.categories())))
          .findFirst()
          .ifPresent(o -> out.put(r.id(), DATE.format(o.createdAt())));
    }
    return out;
  }

  /** The organisation's name for pages. */
  public String organisationName(String organisationId) {
    return directory.name(organisationId);
  }

  public List<Notice> inbox(String personRef) {
    return database
        .read(
            em ->
                em.createQuery(
                        "select n from NoticeEntity n where n.recipientRef = :p "
                            + "and n.deliveredAt is not null order by n.deliveredAt desc, n.id desc",
                        NoticeEntity.class)
                    .setParameter("p", personRef)
                    .setMaxResults(200)
                    .getResultList())
        .stream()
        .map(
            n ->
                new Notice(
                    n.id(),
                    n.subject() == null ? "Bericht" : n.subject(),
                    Dutch.dateTime(n.deliveredAt()),
                    n.text(),
                    "after".equals(n.timing())))
        .toList();
  }

  /**
   * One request with its reasons worded for {@code audience} (the family: as {@code view}'s reader;
   * a professional or privacy officer: with rule ids). A row stored before reasons were data shows
   * its stored family sentence.
   */
  public Disclosure show(
      DataRequestEntity r, ReasonTexts.Audience audience, ReasonTexts.FamilyView view) {
    return show(r, audience, view, names(List.of(r)), trail(List.of(r.id())));
  }

  /**
   * The audit entries a release is read in (issue #20.6): through the FHIR API ({@code
   * release-read}), as a copy in the portal ({@code copy-downloaded}) and on the professional's
   * request page ({@code release-viewed}); and a recording's registration read through the API
   * ({@code recording-read}, not of a request: see {@link #recordingViews}).
   */
  static final List<String> VIEW_TYPES =
      List.of("release-read", "copy-downloaded", "release-viewed", RecordingRegistry.READ);

  /**
   * Per recording of the youth, who read its registration through the API (issue #20.6), as {@link
   * #views} words it: one query for the whole page (the newest 5,000 reads).
   */
  Map<String, List<String>> recordingViews(String youthBsn) {
    Map<String, List<AuditEntryEntity>> byRecording = new LinkedHashMap<>();
    for (AuditEntryEntity e :
        database.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.youthBsn = :b and a.eventType = :t"
                            + " order by a.recordedAt desc, a.entryNo desc",
                        AuditEntryEntity.class)
                    .setParameter("b", youthBsn)
                    .setParameter("t", RecordingRegistry.READ)
                    .setMaxResults(5_000)
                    .getResultList())) {
      String ref = e.dataDescription();
      if (ref != null && ref.startsWith("DocumentReference/")) {
        byRecording
            .computeIfAbsent(ref.substring("DocumentReference/".length()), k -> new ArrayList<>())
            .add(e);
      }
    }
    Map<String, String> names = new HashMap<>();
    Map<String, List<String>> out = new LinkedHashMap<>();
    byRecording.forEach((id, reads) -> out.put(id, views(reads, names)));
    return out;
  }

  /**
   * The audit entries of {@code requestIds} that the timeline shows (the reads of their release) or
   * needs (the anchors of their receipts), per request: one query for the whole list.
   */
  Map<String, List<AuditEntryEntity>> trail(List<String> requestIds) {
    Map<String, List<AuditEntryEntity>> out = new LinkedHashMap<>();
    if (requestIds.isEmpty()) {
      return out;
    }
    List<String> types = new java.util.ArrayList<>(VIEW_TYPES);
    types.addAll(DisclosureReceipts.ANCHOR_TYPES);
    for (AuditEntryEntity e :
        database.read(
            em ->
                em.createQuery(
                        "select a from AuditEntryEntity a where a.requestId in :ids and a.eventType in :t"
                            + " order by a.recordedAt desc, a.entryNo desc",
                        AuditEntryEntity.class)
                    .setParameter("ids", requestIds)
                    .setParameter("t", types)
                    .getResultList())) {
      out.computeIfAbsent(e.requestId(), k -> new java.util.ArrayList<>()).add(e);
    }
    return out;
  }

  /** How many reads one request shows at most; older ones are counted. */
  static final int MAX_VIEWS = 50;

  /**
   * "Bekeken door Raad voor de Kinderbescherming (raadsonderzoeker …) op 2 december 2026, 10:15",
   * newest first: every read of the release by anyone but the family (the family's own views are
   * not listed).
   */
  List<String> views(List<AuditEntryEntity> trail, Map<String, String> names) {
    List<AuditEntryEntity> reads =
        trail.stream()
            .filter(e -> VIEW_TYPES.contains(e.eventType()) && "success".equals(e.outcome()))
            .filter(e -> !AuthenticatedUser.FAMILY_MEMBER.equals(e.actorRole()))
            .toList();
    List<String> out = new java.util.ArrayList<>();
    for (AuditEntryEntity e : reads.stream().limit(MAX_VIEWS).toList()) {
      String org =
          e.actorOrg() == null
              ? "een organisatie"
              : names.computeIfAbsent(e.actorOrg(), directory::name);
      out.add(
          "Bekeken door "
              + org
              + (e.actorRole() == null ? "" : " (" + RoleTexts.describe(e.actorRole()) + ")")
              + " op "
              + DAY.format(e.recordedAt()));
    }
    if (reads.size() > MAX_VIEWS) {
      out.add("En " + (reads.size() - MAX_VIEWS) + " keer eerder.");
    }
    return out;
  }

  /**
   * The receipt of a request (#20.4): {@code ready} when its anchoring audit entry is chained,
   * {@code pending} while it waits to be, null when the request has no receipt (not final, or ended
   * without a decision).
   */
  static String receipt(DataRequestEntity r, List<AuditEntryEntity> trail) {
    if (!DisclosureReceipts.hasReceipt(r.businessStatus())) {
      return null;
    }
    return DisclosureReceipts.anchorAmong(r.businessStatus(), trail)
        .map(a -> a.chained() ? "ready" : "pending")
        .orElse(null);
  }

  /**
   * The same, with the organisations' names read beforehand for a whole list ({@link #names}),
   * without the reads and the receipt (the privacy officer's review list does not show them).
   */
  Disclosure show(
      DataRequestEntity r,
      ReasonTexts.Audience audience,
      ReasonTexts.FamilyView view,
      Map<String, String> names) {
    return show(r, audience, view, names, Map.of());
  }

  /** The same, with the audit trails of a whole list read beforehand too ({@link #trail}). */
  Disclosure show(
      DataRequestEntity r,
      ReasonTexts.Audience audience,
      ReasonTexts.FamilyView view,
      Map<String, String> names,
      Map<String, List<AuditEntryEntity>> trails) {
    List<AuditEntryEntity> trail = trails.getOrDefault(r.id(), List.of());
    Map<String, String> rules = new LinkedHashMap<>();
    for (DecisionJson.StoredReason stored : DecisionJson.reasons(r.decisionJson())) {
      Reason reason = stored.toReason();
      String text =
          reason != null
              ? texts.render(reason, audience, view)
              : audience == ReasonTexts.Audience.AUDITOR ? stored.audit() : stored.family();
      if (text != null && !text.isBlank()) {
        rules.merge(
            stored.ruleId(), text, (a, b) -> a.equals(b) || a.contains(b) ? a : a + " " + b);
      }
    }
    // E1, E2: how long the release is kept, when it was deleted, and the erasure request to its
    // recipient.
    ReleaseEntity release =
        r.releaseId() == null
            ? null
            : database.read(em -> em.find(ReleaseEntity.class, r.releaseId()));
    String retention =
        release == null || !release.id().equals(r.releaseId())
            ? null
            : LifecycleTexts.retention(release.retentionEnd(), release.erasedAt());
    ErasureDutyEntity duty = release == null ? null : erasures.forRelease(release.id());
    String erasure =
        duty == null
            ? null
            : LifecycleTexts.erasureStatus(
                directory.name(duty.recipientOrg()),
                duty.sentAt(),
                duty.confirmedByName() == null
                    ? null
                    : duty.confirmedByName() + " van " + directory.name(duty.recipientOrg()),
                duty.confirmedAt());
    String categories =
        r.categories().stream()
            .sorted()
            .map(catalogue::categoryDisplay)
            .collect(Collectors.joining(", "));
    return new Disclosure(
        r.id(),
        DAY.format(r.createdAt()),
        r.businessStatus().dutch(),
        r.releaseId() != null,
        r.requesterName() + " (" + RoleTexts.describe(r.requesterRole()) + ")",
        names.getOrDefault(r.requesterOrg(), r.requesterOrg()),
        names.getOrDefault(r.sourceOrg(), r.sourceOrg()),
        catalogue.purpose(r.purpose()).map(p -> p.display()).orElse(r.purpose()),
        r.explanation(),
        LegalBasis.fromCode(r.legalBasis()).map(LegalBasis::dutch).orElse(r.legalBasis()),
        categories,
        r.motivation(),
        r.delayedNoticeMotivation(),
        r.statusReason(),
        rules,
        retention,
        erasure,
        receipt(r, trail),
        views(trail, new java.util.HashMap<>(names)));
  }

  static String day(Instant at) {
    return DAY.format(at);
  }
}
