package nl.jeugdpoort.gateway.breach;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import nl.jeugdpoort.gateway.alert.OfficerAlerts;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.notice.FollowUpNotices;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.BreachAffectedEntity;
import nl.jeugdpoort.gateway.persistence.BreachEntity;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.request.DecisionJson;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.LifecycleTexts;
import nl.jeugdpoort.gateway.text.TextTemplates;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * B1: registering a breach, deriving what it affects from the audit log, the risk assessment,
 * informing families.
 */
@ApplicationScoped
public class Breaches {
  /** AVG art. 33: the authority is told within 72 hours of discovery. */
  public static final Duration AUTHORITY_DEADLINE = Duration.ofHours(72);

  /** The inbox timing of a breach notice to a family. */
  public static final String NOTICE_TIMING = "breach";

  public static final Set<String> KINDS =
      Set.of(
          BreachEntity.LOST_DEVICE, BreachEntity.ACCOUNT, BreachEntity.SOURCE, BreachEntity.PERIOD);

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject SourceDirectory directory;
  @Inject LifecycleTexts texts;
  @Inject FollowUpNotices followUps;
  @Inject PurposeCatalogue catalogue;
  @Inject OfficerAlerts alerts;

  /** What a privacy officer registers; validated by {@link #register}. */
  public record Registration(
      String kind,
      String description,
      String account,
      String organisation,
      Instant periodStart,
      Instant periodEnd,
      Instant discoveredAt) {}

  /** A registration refused, with the reason for the form. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
      super(message);
    }
  }

  /**
   * B1: registers a suspected breach of the officer's own organisation; the audit log yields the
   * releases in scope (for a lost device or an account: what that account received; for a source:
   * what it released; for a period: what the organisation received or released), each with its
   * youth and organisations; every organisation concerned gets an alert at once ({@code
   * breach-alert}).
   */
  public BreachEntity register(AuthenticatedUser officer, Registration in, String from) {
    if (!officer.isPrivacyOfficer() || officer.organisationId() == null) {
      throw new Refused("Alleen een privacyfunctionaris registreert een datalek.");
    }
    Instant now = clock.instant();
    if (in.kind() == null || !KINDS.contains(in.kind())) {
      throw new Refused("Kies wat er is gebeurd: lost-device, account, source of period.");
    }
    if (in.description() == null
        || in.description().isBlank()
        || in.description().length() > 4000) {
      throw new Refused("Beschrijf wat er is gebeurd (hooguit 4000 tekens).");
    }
    if (in.periodStart() == null
        || in.periodEnd() == null
        || in.periodEnd().isBefore(in.periodStart())) {
      throw new Refused("Geef de periode: een begin en een einde dat niet voor het begin ligt.");
    }
    Instant discovered = in.discoveredAt() == null ? now : in.discoveredAt();
    if (discovered.isAfter(now)) {
      throw new Refused("Het moment van ontdekken ligt in de toekomst.");
    }
    boolean byAccount =
        in.kind().equals(BreachEntity.LOST_DEVICE) || in.kind().equals(BreachEntity.ACCOUNT);
    if (byAccount) {
      AccountEntity account =
          in.account() == null
              ? null
              : database.read(em -> em.find(AccountEntity.class, in.account()));
      if (account == null || !officer.organisationId().equals(account.organisationId())) {
        throw new Refused("Geef een account van uw eigen organisatie.");
      }
    }
    if (in.kind().equals(BreachEntity.SOURCE)
        && !officer.organisationId().equals(in.organisation())) {
      throw new Refused(
          "Een lek bij een bron registreert de privacyfunctionaris van die bron: geef uw eigen organisatie.");
    }
    return database.write(
        em -> {
          BreachEntity b =
              new BreachEntity(
                  UUID.randomUUID().toString(),
                  now,
                  officer.username(),
                  officer.organisationId(),
                  discovered,
                  in.kind(),
                  in.description().strip(),
                  byAccount ? in.account() : null,
                  in.kind().equals(BreachEntity.SOURCE) ? in.organisation() : null,
                  in.periodStart(),
                  in.periodEnd(),
                  discovered.plus(AUTHORITY_DEADLINE));
          em.persist(b);
          List<BreachAffectedEntity> affected = derive(em, b);
          affected.forEach(em::persist);
          audit.append(
              em,
              AuditRecord.of("C", "breach-registered", "success", actor(officer))
                  .withAccessPoint(from)
                  .withRules(List.of("B1"))
                  .withData(
                      affected.size()
                          + " release(s) of "
                          + affected.stream().map(BreachAffectedEntity::youthBsn).distinct().count()
                          + " youth(s)")
                  .withDetail(
                      "breach "
                          + b.id()
                          + " ("
                          + b.kind()
                          + ") registered; scope "
                          + scope(b)
                          + " from "
                          + b.periodStart()
                          + " to "
                          + b.periodEnd()
                          + "; discovered "
                          + b.discoveredAt()
                          + "; authority deadline "
                          + b.authorityDeadline()));
          for (String org : concerned(b, affected)) {
            // B1: the privacy officers concerned are alerted at once
            // (AuditEvent?subtype=breach-alert, portal Datalekken).
            audit.append(
                em,
                AuditRecord.of(
                        "E",
                        "breach-alert",
                        "success",
                        new AuditRecord.Actor("jeugdpoort", "jeugdpoort-gateway", org, null))
                    .withAccessPoint("route")
                    .withRules(List.of("B1"))
                    .withDetail(
                        "breach "
                            + b.id()
                            + " registered by "
                            + b.registeredOrg()
                            + " concerns "
                            + org
                            + ": "
                            + affected.stream()
                                .filter(
                                    a -> org.equals(a.recipientOrg()) || org.equals(a.sourceOrg()))
                                .count()
                            + " release(s); authority deadline "
                            + b.authorityDeadline()));
          }
          // ... and by e-mail, with the gateway's own privacy officer.
          Map<String, Object> model = new java.util.HashMap<>();
          model.put("breach", b.id());
          model.put("kind", b.kind());
          model.put("discovered", b.discoveredAt());
          model.put("from", b.periodStart());
          model.put("until", b.periodEnd());
          model.put("releases", affected.size());
          model.put("deadline", b.authorityDeadline());
          model.put("registeredBy", OfficerAlerts.organisationName(em, b.registeredOrg()));
          alerts.raise(
              em,
              new OfficerAlerts.Alert(
                  "breach", b.id(), List.of("B1"), concerned(b, affected), "breach", model),
              now);
          return b;
        });
  }

  /**
   * B1: the releases in a breach's scope, from the audit log (the {@code release} entries in its
   * period).
   */
  private static List<BreachAffectedEntity> derive(EntityManager em, BreachEntity b) {
    String scope =
        switch (b.kind()) {
          case BreachEntity.LOST_DEVICE, BreachEntity.ACCOUNT -> "r.requesterUsername = :v";
          case BreachEntity.SOURCE -> "r.sourceOrg = :v";
          default -> "(r.requesterOrg = :v or r.sourceOrg = :v)";
        };
    String value =
        b.scopeAccount() != null
            ? b.scopeAccount()
            : b.scopeOrg() != null ? b.scopeOrg() : b.registeredOrg();
    List<Object[]> rows =
        em.createQuery(
                "select a, r from AuditEntryEntity a, DataRequestEntity r where a.requestId = r.id "
                    + "and a.eventType = 'release' and a.outcome = 'success' and a.recordedAt >= :from and a.recordedAt <= :to and "
                    + scope
                    + " order by a.seq",
                Object[].class)
            .setParameter("from", b.periodStart())
            .setParameter("to", b.periodEnd())
            .setParameter("v", value)
            .setMaxResults(10_000)
            .getResultList();
    List<BreachAffectedEntity> out = new ArrayList<>();
    for (Object[] row : rows) {
      AuditEntryEntity a = (AuditEntryEntity) row[0];
      DataRequestEntity r = (DataRequestEntity) row[1];
      Set<String> released =
          r.decisionJson() == null ? Set.of() : DecisionJson.releasable(r.decisionJson());
      out.add(
          new BreachAffectedEntity(
              UUID.randomUUID().toString(),
              b.id(),
              r.youthBsn(),
              r.id(),
              a.seq(),
              r.requesterOrg(),
              r.sourceOrg(),
              String.join(",", new TreeSet<>(released.isEmpty() ? r.categories() : released)),
              a.recordedAt()));
    }
    return out;
  }

  /**
   * The organisations a breach concerns: the registering one and every recipient and source of what
   * it affects.
   */
  public static Set<String> concerned(BreachEntity b, List<BreachAffectedEntity> affected) {
    Set<String> orgs = new TreeSet<>();
    orgs.add(b.registeredOrg());
    for (BreachAffectedEntity a : affected) {
      if (a.recipientOrg() != null) {
        orgs.add(a.recipientOrg());
      }
      if (a.sourceOrg() != null) {
        orgs.add(a.sourceOrg());
      }
    }
    return orgs;
  }

  /**
   * The breaches that concern the officer's organisation (B1: visible to the privacy officers
   * concerned only).
   */
  public List<BreachEntity> visibleTo(AuthenticatedUser officer) {
    if (!officer.isPrivacyOfficer() || officer.organisationId() == null) {
      return List.of();
    }
    String org = officer.organisationId();
    return database.read(
        em ->
            em.createQuery(
                    "select b from BreachEntity b where b.registeredOrg = :o or exists ("
                        + "select a from BreachAffectedEntity a where a.breachId = b.id and (a.recipientOrg = :o or a.sourceOrg = :o)) "
                        + "order by b.registeredAt desc",
                    BreachEntity.class)
                .setParameter("o", org)
                .setMaxResults(200)
                .getResultList());
  }

  /** One breach, or null when it does not concern the officer's organisation. */
  public BreachEntity visible(AuthenticatedUser officer, String id) {
    if (id == null || id.length() > 36) {
      return null;
    }
    return visibleTo(officer).stream().filter(b -> b.id().equals(id)).findFirst().orElse(null);
  }

  public List<BreachAffectedEntity> affected(String breachId) {
    return database.read(
        em ->
            em.createQuery(
                    "select a from BreachAffectedEntity a where a.breachId = :b order by a.auditSeq",
                    BreachAffectedEntity.class)
                .setParameter("b", breachId)
                .getResultList());
  }

  /**
   * B1: the risk assessment (low or high), recorded with who and when; only the registering
   * organisation's officer. High: the affected families are informed at once (AVG art. 34) with
   * {@code familyText} (what happened, in plain Dutch) and {@code measures} (what is being done).
   */
  public BreachEntity assess(
      AuthenticatedUser officer,
      String id,
      String risk,
      String assessment,
      String familyText,
      String measures,
      String from) {
    BreachEntity seen = visible(officer, id);
    if (seen == null || !officer.organisationId().equals(seen.registeredOrg())) {
      throw new Refused(
          "Alleen de privacyfunctionaris die het lek registreerde, legt de risicobeoordeling vast.");
    }
    if (!"low".equals(risk) && !"high".equals(risk)) {
      throw new Refused("Kies het risico: laag of hoog.");
    }
    if (assessment == null || assessment.isBlank() || assessment.length() > 4000) {
      throw new Refused("Leg de beoordeling vast (hooguit 4000 tekens).");
    }
    boolean high = "high".equals(risk);
    if (high
        && (familyText == null
            || familyText.isBlank()
            || measures == null
            || measures.isBlank()
            || familyText.length() > 1000
            || measures.length() > 1000)) {
      throw new Refused(
          "Bij een hoog risico krijgen de gezinnen bericht: schrijf wat er is gebeurd en wat u doet, in gewone taal.");
    }
    Instant now = clock.instant();
    return database.write(
        em -> {
          BreachEntity b = em.find(BreachEntity.class, id);
          b.assessed(risk, assessment.strip(), now, officer.username());
          audit.append(
              em,
              AuditRecord.of("U", "breach-assessed", "success", actor(officer))
                  .withAccessPoint(from)
                  .withRules(List.of("B1"))
                  .withDetail("breach " + b.id() + " risk " + risk));
          if (high && b.familiesInformedAt() == null) {
            inform(em, b, familyText.strip(), measures.strip(), now);
          }
          return b;
        });
  }

  /** B1 (AVG art. 33): the officer records that the authority was told. */
  public BreachEntity reportedToAuthority(AuthenticatedUser officer, String id, String from) {
    BreachEntity seen = visible(officer, id);
    if (seen == null || !officer.organisationId().equals(seen.registeredOrg())) {
      throw new Refused(
          "Alleen de privacyfunctionaris die het lek registreerde, legt de melding vast.");
    }
    Instant now = clock.instant();
    return database.write(
        em -> {
          BreachEntity b = em.find(BreachEntity.class, id);
          b.reportedToAuthority(now);
          audit.append(
              em,
              AuditRecord.of("U", "breach-reported", "success", actor(officer))
                  .withAccessPoint(from)
                  .withRules(List.of("B1"))
                  .withDetail(
                      "breach "
                          + b.id()
                          + " reported to the authority "
                          + (now.isAfter(b.authorityDeadline()) ? "after" : "within")
                          + " the 72-hour deadline"));
          return b;
        });
  }

  /**
   * AVG art. 34: every family member told of an affected request gets a notice in the portal and,
   * where known, by e-mail.
   */
  private void inform(EntityManager em, BreachEntity b, String what, String measures, Instant now) {
    List<BreachAffectedEntity> affected =
        em.createQuery(
                "select a from BreachAffectedEntity a where a.breachId = :b",
                BreachAffectedEntity.class)
            .setParameter("b", b.id())
            .getResultList();
    Map<String, NoticeEntity> readers = new LinkedHashMap<>();
    Map<String, Set<String>> categoriesByYouth = new LinkedHashMap<>();
    Map<String, String> requestOf = new LinkedHashMap<>();
    for (BreachAffectedEntity a : affected) {
      categoriesByYouth
          .computeIfAbsent(a.youthBsn(), k -> new TreeSet<>())
          .addAll(List.of(a.data().split(",")));
      for (NoticeEntity n :
          em.createQuery(
                  "select n from NoticeEntity n where n.requestId = :r and n.timing <> :t",
                  NoticeEntity.class)
              .setParameter("r", a.requestId())
              .setParameter("t", NOTICE_TIMING)
              .getResultList()) {
        if (readers.putIfAbsent(n.recipientRef(), n) == null) {
          requestOf.put(n.recipientRef(), a.youthBsn());
        }
      }
    }
    int emails = 0;
    for (NoticeEntity earlier : readers.values()) {
      String bsn = requestOf.get(earlier.recipientRef());
      List<String> categories =
          categoriesByYouth.get(bsn).stream()
              .filter(c -> !c.isBlank())
              .map(catalogue::categoryDisplay)
              .toList();
      TextTemplates.Message m =
          texts.breachHighRisk(
              new LifecycleTexts.Reader(
                  earlier.recipientName(),
                  "YOUTH".equals(earlier.recipientRelation()),
                  earlier.youthFirstName()),
              b.discoveredAt(),
              what,
              categories,
              measures,
              directory.name(b.registeredOrg()));
      if (followUps.tellAgain(em, earlier, earlier.requestId(), NOTICE_TIMING, m, now)) {
        emails++;
      }
    }
    b.familiesInformed(now);
    audit.append(
        em,
        AuditRecord.of(
                "C",
                "breach-families-informed",
                "success",
                AuditRecord.Actor.system(b.registeredBy()))
            .withAccessPoint("route")
            .withRules(List.of("B1"))
            .withDetail(
                "breach "
                    + b.id()
                    + ": "
                    + readers.size()
                    + " family member(s) of "
                    + categoriesByYouth.size()
                    + " youth(s) informed in the portal"
                    + (emails > 0 ? ", " + emails + " by e-mail" : "")));
  }

  private static String scope(BreachEntity b) {
    return b.scopeAccount() != null
        ? "account " + b.scopeAccount()
        : b.scopeOrg() != null
            ? "organisation " + b.scopeOrg()
            : "organisation " + b.registeredOrg();
  }

  private static AuditRecord.Actor actor(AuthenticatedUser u) {
    return new AuditRecord.Actor(u.username(), u.role(), u.organisationId(), u.personRef());
  }
}
