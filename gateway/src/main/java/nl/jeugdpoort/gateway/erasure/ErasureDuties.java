package nl.jeugdpoort.gateway.erasure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.alert.OfficerAlerts;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.config.ClockMoved;
import nl.jeugdpoort.gateway.notice.FollowUpNotices;
import nl.jeugdpoort.gateway.persistence.ConsentEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.request.DecisionJson;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.LifecycleTexts;
import nl.jeugdpoort.gateway.text.TextTemplates;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.PriorRelease;
import nl.jeugdpoort.policy.retention.ErasureDuty;
import nl.jeugdpoort.policy.retention.ErasureRules;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * E1 and E2 in the gateway. The policy ({@link ErasureRules#due}) says which releases must be
 * erased at which recipient; this class keeps the duties: the bundle deleted at the retention end
 * (E1), one erasure request per release to its recipient, whose access to the bundle ends at once
 * (E2), confirmation by the recipient, overdue alerts, and the family's notice once every request
 * of one cause is confirmed. Every step is audited in the transaction that makes it.
 */
@ApplicationScoped
public class ErasureDuties {
  /** The inbox timing of the family's notice that every recipient confirmed the erasure. */
  public static final String NOTICE_TIMING = "erasure";

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject SourceDirectory directory;
  @Inject LifecycleTexts texts;
  @Inject FollowUpNotices followUps;
  @Inject OfficerAlerts alerts;

  @Inject
  @ConfigProperty(name = "jeugdpoort.erasure.confirm-within", defaultValue = "P14D")
  String confirmWithin;

  /**
   * C3 → E2: a consent was withdrawn in {@code em}'s transaction; every release that relied on it
   * and still stands gets its erasure request, in that same transaction. Returns the duties
   * created.
   */
  public List<ErasureDutyEntity> consentWithdrawn(
      EntityManager em, ConsentEntity withdrawn, Instant now) {
    List<ConsentRecord> consents =
        em
            .createQuery(
                "select c from ConsentEntity c where c.youthBsn = :bsn and c.kind = :k",
                ConsentEntity.class)
            .setParameter("bsn", withdrawn.youthBsn())
            .setParameter("k", ConsentEntity.CONSENT)
            .getResultList()
            .stream()
            .map(ErasureDuties::record)
            .toList();
    List<ErasureDutyEntity> created = new ArrayList<>();
    for (ErasureDuty due :
        ErasureRules.due(standing(em, withdrawn.youthBsn(), now), consents, now)) {
      if ("C3".equals(due.ruleId())
          && withdrawn.id().equals(String.valueOf(due.reason().params().get("consent")))) {
        request(
                em,
                due.releaseId(),
                "C3",
                withdrawn.id(),
                now,
                "consent " + withdrawn.id() + " withdrawn")
            .ifPresent(created::add);
      }
    }
    return created;
  }

  /**
   * V5 → E2: a recording's trajectory or purpose ended, or its consent was withdrawn: every
   * standing release that carried it ({@code releaseIds}) gets its erasure request. Returns the
   * duties created.
   */
  public List<ErasureDutyEntity> recordingEnded(
      EntityManager em, String recordingId, Collection<String> releaseIds, Instant now) {
    List<ErasureDutyEntity> created = new ArrayList<>();
    for (String releaseId : releaseIds) {
      request(em, releaseId, "V5", recordingId, now, "recording " + recordingId + " ended")
          .ifPresent(created::add);
    }
    return created;
  }

  /** The test clock moved: run the sweep at once. */
  void onClockMoved(@Observes ClockMoved moved) {
    sweep();
  }

  /**
   * Runs on a timer (and when the test clock moves): E1 — every release past its retention end
   * loses its bundle and its recipient gets an erasure request; E2 — every request past its due
   * time without confirmation alerts the privacy officers of the source and the recipient, once.
   * Returns how many things it did.
   */
  public int sweep() {
    Instant now = clock.instant();
    int done = 0;
    for (List<String> ended = endedReleases(now); !ended.isEmpty(); ended = endedReleases(now)) {
      int before = done;
      for (String id : ended) {
        done += database.write(em -> retentionEnded(em, em.find(ReleaseEntity.class, id), now));
      }
      if (done == before) {
        break; // nothing changed (cannot happen: each is erased); never loop for ever
      }
    }
    List<String> overdue =
        database.read(
            em ->
                em.createQuery(
                        "select d.id from ErasureDutyEntity d where d.confirmedAt is null "
                            + "and d.overdueAlertedAt is null and d.dueAt < :now order by d.dueAt",
                        String.class)
                    .setParameter("now", now)
                    .setMaxResults(10_000)
                    .getResultList());
    for (String id : overdue) {
      // Locked and checked again: another member's sweep (or the test clock's) may have alerted it
      // meanwhile.
      boolean alerted =
          database.write(
              em -> {
                ErasureDutyEntity d =
                    em.find(ErasureDutyEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
                if (d == null || d.overdueAlertedAt() != null || d.confirmedAt() != null) {
                  return false;
                }
                d.overdueAlerted(now);
                DataRequestEntity r = em.find(DataRequestEntity.class, d.requestId());
                audit.append(
                    em,
                    AuditRecord.of(
                            "E",
                            "erasure-overdue",
                            "failure",
                            AuditRecord.Actor.system(r.requesterUsername()))
                        .withAccessPoint("route")
                        .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                        .withRules(List.of("E2", d.ruleId()))
                        .withDetail(
                            "erasure request "
                                + d.id()
                                + " for Bundle/"
                                + d.releaseId()
                                + " to "
                                + d.recipientOrg()
                                + " not confirmed by "
                                + d.dueAt()
                                + "; alert for the privacy officers of "
                                + d.sourceOrg()
                                + " and "
                                + d.recipientOrg()));
                // ... and by e-mail, with the gateway's own privacy officer.
                Map<String, Object> model = new java.util.HashMap<>();
                model.put("duty", d.id());
                model.put("release", d.releaseId());
                model.put("request", d.requestId());
                model.put("source", OfficerAlerts.organisationName(em, d.sourceOrg()));
                model.put("recipient", OfficerAlerts.organisationName(em, d.recipientOrg()));
                model.put("sent", d.sentAt());
                model.put("due", d.dueAt());
                model.put("rule", d.ruleId());
                alerts.raise(
                    em,
                    new OfficerAlerts.Alert(
                        "erasure-overdue",
                        d.id(),
                        List.of("E2", d.ruleId()),
                        List.of(d.sourceOrg(), d.recipientOrg()),
                        "erasure-overdue",
                        model),
                    now);
                return true;
              });
      if (alerted) {
        done++;
      }
    }
    return done;
  }

  /**
   * The next releases past their retention end whose bundle is not yet deleted (in batches of 200).
   */
  private List<String> endedReleases(Instant now) {
    return database.read(
        em ->
            em.createQuery(
                    "select r.id from ReleaseEntity r where r.erasedAt is null "
                        + "and r.retentionEnd < :now order by r.retentionEnd",
                    String.class)
                .setParameter("now", now)
                .setMaxResults(200)
                .getResultList());
  }

  private int retentionEnded(EntityManager em, ReleaseEntity release, Instant now) {
    if (release == null || release.erasedAt() != null) {
      return 0;
    }
    DataRequestEntity r = em.find(DataRequestEntity.class, release.requestId());
    List<ErasureDuty> due = ErasureRules.due(List.of(prior(r, release)), List.of(), now);
    release.erase(now);
    audit.append(
        em,
        AuditRecord.of(
                "D", "release-deleted", "success", AuditRecord.Actor.system(r.requesterUsername()))
            .withAccessPoint("route")
            .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
            .withData("Bundle/" + release.id() + "; items=" + release.itemCount())
            .withRules(List.of("E1"))
            .withDetail(
                "retention ended "
                    + release.retentionEnd()
                    + ": the stored bundle is deleted, its metadata kept"));
    for (ErasureDuty d : due) {
      request(
          em, d.releaseId(), "E1", release.id(), now, "retention ended " + release.retentionEnd());
    }
    return 1;
  }

  /** One erasure request for a release, unless it has one: its recipient's access ends now. */
  private Optional<ErasureDutyEntity> request(
      EntityManager em, String releaseId, String rule, String cause, Instant now, String why) {
    long existing =
        em.createQuery(
                "select count(d) from ErasureDutyEntity d where d.releaseId = :r", Long.class)
            .setParameter("r", releaseId)
            .getSingleResult();
    ReleaseEntity release = em.find(ReleaseEntity.class, releaseId);
    if (existing > 0 || release == null) {
      return Optional.empty();
    }
    DataRequestEntity r = em.find(DataRequestEntity.class, release.requestId());
    ErasureDutyEntity d =
        new ErasureDutyEntity(
            UUID.randomUUID().toString(),
            releaseId,
            r.id(),
            r.youthBsn(),
            r.requesterOrg(),
            r.sourceOrg(),
            rule,
            cause,
            now,
            now.plus(Duration.parse(confirmWithin)));
    em.persist(d);
    release.endAccess(now);
    audit.append(
        em,
        AuditRecord.of(
                "C",
                "erasure-requested",
                "success",
                AuditRecord.Actor.system(r.requesterUsername()))
            .withAccessPoint("route")
            .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
            .withData("Bundle/" + releaseId)
            .withRules(List.of("E2", rule))
            .withDetail(
                "erasure request "
                    + d.id()
                    + " to "
                    + r.requesterOrg()
                    + " ("
                    + why
                    + "), to confirm by "
                    + d.dueAt()
                    + "; the recipient's access to the bundle ended"));
    return Optional.of(d);
  }

  /**
   * E2: the recipient confirms the erasure — their system through FHIR, their people in the portal.
   * Only the recipient organisation's professionals and systems may (else empty: the caller answers
   * 404). Confirming again changes nothing. When every request of the same cause is confirmed, the
   * family is told.
   */
  public Optional<ErasureDutyEntity> confirm(
      String dutyId, AuthenticatedUser by, String via, String from) {
    Instant now = clock.instant();
    return database.write(
        em -> {
          ErasureDutyEntity d = em.find(ErasureDutyEntity.class, dutyId);
          if (d == null
              || by.organisationId() == null
              || !by.organisationId().equals(d.recipientOrg())
              || by.isPrivacyOfficer()
              || by.isFamilyMember()) {
            return Optional.empty();
          }
          if (d.confirmedAt() != null) {
            return Optional.of(d);
          }
          d.confirmed(now, by.username(), by.displayName(), via);
          DataRequestEntity r = em.find(DataRequestEntity.class, d.requestId());
          audit.append(
              em,
              AuditRecord.of(
                      "U",
                      "erasure-confirmed",
                      "success",
                      new AuditRecord.Actor(
                          by.username(), by.role(), by.organisationId(), by.personRef()))
                  .withAccessPoint(from)
                  .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
                  .withData("Bundle/" + d.releaseId())
                  .withRules(List.of("E2", d.ruleId()))
                  .withDetail(
                      "erasure request "
                          + d.id()
                          + " confirmed through "
                          + via
                          + (d.overdueAlertedAt() != null ? " (after its due time)" : "")));
          em.flush();
          tellFamilyWhenAllConfirmed(em, d, now);
          return Optional.of(d);
        });
  }

  /**
   * E2 (and V5): once every request of one cause is confirmed, every family member told of those
   * requests gets a notice.
   */
  private void tellFamilyWhenAllConfirmed(
      EntityManager em, ErasureDutyEntity confirmed, Instant now) {
    List<ErasureDutyEntity> group =
        em.createQuery(
                "select d from ErasureDutyEntity d where d.youthBsn = :bsn and d.ruleId = :rule "
                    + "and d.cause = :cause order by d.sentAt",
                ErasureDutyEntity.class)
            .setParameter("bsn", confirmed.youthBsn())
            .setParameter("rule", confirmed.ruleId())
            .setParameter("cause", confirmed.cause())
            .getResultList();
    if (group.stream().anyMatch(d -> d.confirmedAt() == null || d.familyToldAt() != null)) {
      return;
    }
    List<LifecycleTexts.Confirmation> confirmations =
        group.stream()
            .map(
                d ->
                    new LifecycleTexts.Confirmation(
                        directory.name(d.recipientOrg()), d.confirmedByName(), d.confirmedAt()))
            .toList();
    Set<String> requestIds =
        new LinkedHashSet<>(group.stream().map(ErasureDutyEntity::requestId).toList());
    Map<String, NoticeEntity> readers = new LinkedHashMap<>();
    for (String requestId : requestIds) {
      em.createQuery(
              "select n from NoticeEntity n where n.requestId = :r and n.timing <> :t order by n.createdAt",
              NoticeEntity.class)
          .setParameter("r", requestId)
          .setParameter("t", NOTICE_TIMING)
          .getResultList()
          .forEach(n -> readers.putIfAbsent(n.recipientRef(), n));
    }
    String requestId = group.get(0).requestId();
    int emails = 0;
    for (NoticeEntity earlier : readers.values()) {
      boolean youth = "YOUTH".equals(earlier.recipientRelation());
      TextTemplates.Message m =
          texts.erasureConfirmed(
              new LifecycleTexts.Reader(earlier.recipientName(), youth, earlier.youthFirstName()),
              confirmed.ruleId(),
              confirmations);
      if (followUps.tellAgain(em, earlier, requestId, NOTICE_TIMING, m, now)) {
        emails++;
      }
    }
    group.forEach(d -> d.familyTold(now));
    DataRequestEntity r = em.find(DataRequestEntity.class, requestId);
    audit.append(
        em,
        AuditRecord.of(
                "C", "erasure-reported", "success", AuditRecord.Actor.system(r.requesterUsername()))
            .withAccessPoint("route")
            .withRequest(r.id(), r.youthBsn(), r.purpose(), r.legalBasis())
            .withRules(List.of("E2", confirmed.ruleId()))
            .withDetail(
                "every erasure request of "
                    + confirmed.ruleId()
                    + " "
                    + confirmed.cause()
                    + " confirmed ("
                    + group.size()
                    + "); the family is told: "
                    + readers.size()
                    + " notice(s)"
                    + (emails > 0 ? ", " + emails + " e-mail(s)" : "")));
  }

  /** The erasure requests to {@code organisationId} (as recipient), newest first. */
  public List<ErasureDutyEntity> toRecipient(String organisationId) {
    return database.read(
        em ->
            em.createQuery(
                    "select d from ErasureDutyEntity d where d.recipientOrg = :o order by d.sentAt desc",
                    ErasureDutyEntity.class)
                .setParameter("o", organisationId)
                .setMaxResults(500)
                .getResultList());
  }

  /**
   * The erasure requests that concern {@code organisationId} as recipient or source (for its
   * privacy officer).
   */
  public List<ErasureDutyEntity> concerning(String organisationId) {
    return database.read(
        em ->
            em.createQuery(
                    "select d from ErasureDutyEntity d where d.recipientOrg = :o or d.sourceOrg = :o "
                        + "order by d.sentAt desc",
                    ErasureDutyEntity.class)
                .setParameter("o", organisationId)
                .setMaxResults(500)
                .getResultList());
  }

  /** The erasure requests about a youth's releases, by release id (the family's timeline). */
  public Map<String, ErasureDutyEntity> forYouth(String youthBsn) {
    Map<String, ErasureDutyEntity> out = new LinkedHashMap<>();
    database
        .read(
            em ->
                em.createQuery(
                        "select d from ErasureDutyEntity d where d.youthBsn = :b",
                        ErasureDutyEntity.class)
                    .setParameter("b", youthBsn)
                    .getResultList())
        .forEach(d -> out.put(d.releaseId(), d));
    return out;
  }

  /** The erasure request for one release, or null. */
  public ErasureDutyEntity forRelease(String releaseId) {
    return database
        .read(
            em ->
                em.createQuery(
                        "select d from ErasureDutyEntity d where d.releaseId = :r",
                        ErasureDutyEntity.class)
                    .setParameter("r", releaseId)
                    .getResultList())
        .stream()
        .findFirst()
        .orElse(null);
  }

  public ErasureDutyEntity find(String id) {
    return database.read(em -> em.find(ErasureDutyEntity.class, id));
  }

  /**
   * The releases of a youth that still stand, as the policy sees them (with the consents each
   * relied on).
   */
  private static List<PriorRelease> standing(EntityManager em, String youthBsn, Instant now) {
    List<Object[]> rows =
        em.createQuery(
                "select r, rel from DataRequestEntity r, ReleaseEntity rel where rel.requestId = r.id "
                    + "and r.youthBsn = :bsn and rel.accessEndedAt is null and rel.erasedAt is null",
                Object[].class)
            .setParameter("bsn", youthBsn)
            .getResultList();
    List<PriorRelease> out = new ArrayList<>();
    for (Object[] row : rows) {
      out.add(prior((DataRequestEntity) row[0], (ReleaseEntity) row[1]));
    }
    return out;
  }

  static PriorRelease prior(DataRequestEntity r, ReleaseEntity rel) {
    return new PriorRelease(
        rel.id(),
        r.requesterUsername(),
        r.requesterOrg(),
        r.youthBsn(),
        r.sourceOrg(),
        r.purpose(),
        r.decisionJson() == null ? Set.of() : DecisionJson.releasable(r.decisionJson()),
        rel.createdAt(),
        rel.retentionEnd(),
        consentIds(r.decisionJson()));
  }

  /** The consents a decision relied on: the ids its C2 and O4 permits name (C3 → E2). */
  public static Set<String> consentIds(String decisionJson) {
    Set<String> ids = new LinkedHashSet<>();
    if (decisionJson == null) {
      return ids;
    }
    for (DecisionJson.StoredReason reason : DecisionJson.reasons(decisionJson)) {
      if ("PERMIT".equals(reason.effect())
          && reason.params() != null
          && reason.params().get("consents") instanceof Collection<?> c) {
        c.forEach(id -> ids.add(String.valueOf(id)));
      }
    }
    return ids;
  }

  private static ConsentRecord record(ConsentEntity c) {
    return new ConsentRecord(
        c.id(),
        c.givenBy(),
        c.recipientOrg(),
        c.purpose(),
        c.categories(),
        c.informationVersion(),
        ConsentRecord.Act.valueOf(c.act()),
        c.periodStart(),
        c.periodEnd(),
        c.withdrawnAt());
  }
}
