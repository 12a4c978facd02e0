package nl.jeugdpoort.gateway.recording;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceEndpoint;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.config.ClockMoved;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.erasure.ErasureDuties;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import nl.jeugdpoort.gateway.persistence.RecordingEntity;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.source.SourceTranslation;
import nl.jeugdpoort.policy.Youth;

/**
 * The registry of recordings. Registration (V1, V6) by a professional or system of the holding
 * organisation; reading (V2) by the maker and the holder's systems, refused to everyone else; and
 * the V5 sweep: a registered recording whose trajectory ended is ended exactly once (a conditional
 * update on its row), the holder is asked to erase the original unless the owner agreed to keep it,
 * and every standing release that carried it gets an erasure request ({@link
 * ErasureDuties#recordingEnded}). Every step is audited in the transaction that makes it.
 */
@ApplicationScoped
public class RecordingRegistry {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject ErasureDuties erasure;
  @Inject SourceDirectory directory;
  @Inject SourceConnector connector;
  @Inject RecordingPermissions permissions;

  /** V5: why a recording ended. */
  public static final String TRAJECTORY_END = "trajectory-end";

  public static final String PURPOSE_ENDED = "purpose-ended";
  public static final String CONSENT_WITHDRAWN = "consent-withdrawn";

  /** Why a registration or a look was refused; the front answers with the status it names. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** INVALID → 422, CONFLICT → 409, NOT_ALLOWED → 403, NOT_FOUND → 404, UNAVAILABLE → 503. */
    public enum Why {
      INVALID,
      CONFLICT,
      NOT_ALLOWED,
      NOT_FOUND,
      UNAVAILABLE
    }

    private final Why why;
    private final String ruleId;

    public Refused(Why why, String ruleId, String message) {
      super(message);
      this.why = why;
      this.ruleId = ruleId;
    }

    public Why why() {
      return why;
    }

    public String ruleId() {
      return ruleId;
    }
  }

  /** A registration's outcome: the row, and whether it was new (201) or an announced edit (200). */
  public record Registered(RecordingEntity recording, boolean created) {}

  /**
   * V1, V2, V6: registers a recording held by {@code by}'s organisation. An edited version of a
   * registered recording (same {@code sourceId}) is accepted only with its announcement (V6).
   */
  public Registered register(AuthenticatedUser by, RecordingRegistration reg, String from) {
    String holder = by.organisationId();
    if (holder == null || !(by.system() || by.isProfessional())) {
      throw new Refused(
          Refused.Why.NOT_ALLOWED,
          "V1",
          "Only a professional or system of the organisation that holds a recording registers it");
    }
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, GatewayProducers.ZONE);
    AccountEntity maker = database.read(em -> em.find(AccountEntity.class, reg.maker()));
    if (maker == null || !holder.equals(maker.organisationId())) {
      throw new Refused(
          Refused.Why.INVALID,
          "V2",
          "maker '"
              + reg.maker()
              + "' is not an account of "
              + holder
              + ": the maker is the professional of the holding organisation who made it (V2)");
    }
    try {
      reg.checkOwner(reg.ownedByTheFamily() ? youth(holder, reg.youthBsn()) : null, today);
    } catch (RecordingRegistration.Invalid e) {
      throw new Refused(Refused.Why.INVALID, e.ruleId(), e.getMessage());
    }
    return database.write(
        em -> {
          RecordingEntity existing = atHolder(em, holder, reg.sourceId());
          if (existing != null) {
            return new Registered(edited(em, by, existing, reg, now, from), false);
          }
          RecordingEntity r =
              new RecordingEntity(
                  UUID.randomUUID().toString(),
                  holder,
                  reg.sourceId(),
                  reg.youthBsn(),
                  reg.kindCode(),
                  reg.ownerRef(),
                  reg.maker(),
                  reg.depictedFamilies(),
                  reg.registeredHash(),
                  reg.currentHash(),
                  reg.editAnnounced(),
                  reg.announcement(),
                  reg.trajectoryEnd(),
                  reg.originalKept(),
                  reg.description(),
                  by.username(),
                  now);
          em.persist(r);
          audit.append(
              em,
              AuditRecord.of("C", "recording-registered", "success", SecurityAudit.actor(by))
                  .withAccessPoint(from)
                  .withRequest(null, reg.youthBsn(), null, null)
                  .withData("DocumentReference/" + r.id() + " (" + reg.kindCode() + ")")
                  .withRules(List.of("V1", "V6"))
                  .withDetail(
                      "recording "
                          + reg.sourceId()
                          + " at "
                          + holder
                          + " registered: owner "
                          + reg.ownerRef()
                          + ", maker "
                          + reg.maker()
                          + ", trajectory end "
                          + reg.trajectoryEnd()));
          return new Registered(r, true);
        });
  }

  /** V6: the same recording again is an edited version, accepted only with its announcement. */
  private RecordingEntity edited(
      EntityManager em,
      AuthenticatedUser by,
      RecordingEntity existing,
      RecordingRegistration reg,
      Instant now,
      String from) {
    if (!reg.editAnnounced() || reg.currentHash() == null) {
      throw new Refused(
          Refused.Why.CONFLICT,
          "V6",
          "recording "
              + reg.sourceId()
              + " is registered already as DocumentReference/"
              + existing.id()
              + "; an edited version is registered with edit-announced true, its announcement "
              + "and the new current-hash (V6)");
    }
    if (!existing.registeredHash().equals(reg.registeredHash())
        || !existing.youthBsn().equals(reg.youthBsn())) {
      throw new Refused(
          Refused.Why.CONFLICT,
          "V6",
          "an edited version keeps the registered-hash and the youth of the original registration (V6)");
    }
    existing.edited(reg.currentHash(), reg.announcement(), now);
    audit.append(
        em,
        AuditRecord.of("U", "recording-edited", "success", SecurityAudit.actor(by))
            .withAccessPoint(from)
            .withRequest(null, existing.youthBsn(), null, null)
            .withData("DocumentReference/" + existing.id())
            .withRules(List.of("V6"))
            .withDetail("edited version registered with its announcement"));
    return existing;
  }

  /** The youth as the holder knows them (V1 needs the authority holders and the age). */
  private Youth youth(String holder, String bsn) {
    Optional<SourceEndpoint> endpoint = directory.endpoint(holder);
    if (endpoint.isEmpty()) {
      throw new Refused(
          Refused.Why.INVALID,
          "V1",
          "Jeugdpoort cannot reach a FHIR endpoint of "
              + holder
              + " to look up the youth's authority holders, so the owner of a video home "
              + "training recording cannot be checked (V1)");
    }
    SourceResult result =
        connector.lookupYouth(
            endpoint.get(),
            new SourceQuery("recording-registration", bsn, null, Set.of(), 0, null, null, holder));
    if (result instanceof SourceResult.Youth y) {
      return SourceTranslation.youth(y.patient(), y.relatedPersons(), bsn);
    }
    if (result instanceof SourceResult.UnknownYouth) {
      throw new Refused(
          Refused.Why.INVALID, "C5", "your FHIR endpoint knows no Patient with this BSN (C5)");
    }
    if (result instanceof SourceResult.AmbiguousYouth a) {
      throw new Refused(
          Refused.Why.INVALID,
          "C5",
          "your FHIR endpoint knows " + a.matches() + " Patients with this BSN (C5)");
    }
    throw new Refused(
        Refused.Why.UNAVAILABLE,
        null,
        "your FHIR endpoint did not answer the youth look-up usably; try again later");
  }

  /**
   * V2: the recording for {@code by}: the maker (an account of the holder) and the holder's systems
   * see it; another professional of the holder is refused naming V2; anyone else: not found.
   */
  public RecordingEntity find(AuthenticatedUser by, String id) {
    RecordingEntity r = ofOwnOrganisation(database, by, id);
    if (!maySee(by, r) && !permissions.mayView(by, r)) {
      throw new Refused(
          Refused.Why.NOT_ALLOWED,
          "V2",
          "Alleen de maker van een opname ziet die, en met toestemming van de eigenaar de deelnemers"
              + " aan een besloten intervisie (V2) / only the maker sees a recording, and with the"
              + " owner's consent the members of a closed training session (V2)");
    }
    return r;
  }

  /** The audit event type of a read of a registration through the API (issue #20.6). */
  public static final String READ = "recording-read";

  /**
   * A read of one registration through the API ({@link #find}): audited as {@value #READ}, so that
   * the family sees who read it.
   */
  public RecordingEntity read(AuthenticatedUser by, String id, String from) {
    RecordingEntity r = find(by, id);
    audited(by, List.of(r), from, "read");
    return r;
  }

  /**
   * A search of the registrations {@code by} may see ({@link #visibleTo}), each audited as read.
   */
  public List<RecordingEntity> search(AuthenticatedUser by, String from) {
    List<RecordingEntity> found = visibleTo(by);
    audited(by, found, from, "search");
    return found;
  }

  private void audited(AuthenticatedUser by, List<RecordingEntity> read, String from, String how) {
    if (read.isEmpty()) {
      return;
    }
    database.write(
        em -> {
          for (RecordingEntity r : read) {
            audit.append(
                em,
                AuditRecord.of("R", READ, "success", SecurityAudit.actor(by))
                    .withAccessPoint(from)
                    .withRequest(null, r.youthBsn(), null, null)
                    .withData("DocumentReference/" + r.id())
                    .withRules(List.of("V2", "A1"))
                    .withDetail(
                        "registration of recording "
                            + r.id()
                            + " read ("
                            + how
                            + ") by "
                            + (by.system()
                                ? "the holder's system"
                                : by.username().equals(r.maker())
                                    ? "its maker"
                                    : "a member of a training session")));
          }
          return null;
        });
  }

  /**
   * V2: the recordings {@code by} may see: the maker their own, a holder's system all of its own.
   */
  public List<RecordingEntity> visibleTo(AuthenticatedUser by) {
    if (by.organisationId() == null) {
      return List.of();
    }
    List<String> asMember = permissions.viewableAsMember(by);
    return database.read(
        em -> {
          var q =
              em.createQuery(
                      "select r from RecordingEntity r where r.sourceOrg = :o "
                          + (by.system() ? "" : "and (r.maker = :m or r.id in :ids) ")
                          + "order by r.registeredAt desc",
                      RecordingEntity.class)
                  .setParameter("o", by.organisationId());
          if (!by.system()) {
            q.setParameter("m", by.username());
            q.setParameter("ids", asMember.isEmpty() ? List.of("-") : asMember);
          }
          return q.setMaxResults(1000).getResultList().stream()
              .filter(r -> maySee(by, r) || asMember.contains(r.id()))
              .toList();
        });
  }

  /**
   * V5, the end of the purpose: the maker (or the holder's system) says the recording's purpose
   * ended; it is ended as at its trajectory end. Ending an ended recording changes nothing.
   */
  public RecordingEntity endPurpose(AuthenticatedUser by, String id, String from) {
    RecordingEntity r = find(by, id);
    if (!(by.system() || by.username().equals(r.maker()))) {
      throw new Refused(
          Refused.Why.NOT_ALLOWED, "V5", "only the maker or the holder's system ends a recording");
    }
    Instant now = clock.instant();
    database.write(em -> end(em, r.id(), now, PURPOSE_ENDED, SecurityAudit.actor(by), from));
    return database.read(em -> em.find(RecordingEntity.class, r.id()));
  }

  /**
   * V5, a withdrawn consent: the owner (a family member) withdraws their consent to the recording;
   * it is ended at once. Anyone but the owner: not found.
   */
  public RecordingEntity withdraw(AuthenticatedUser owner, String id, String from) {
    RecordingEntity r = ownRecording(owner, id);
    if (!r.ownerRef().equals(owner.personRef())) {
      throw new Refused(Refused.Why.NOT_FOUND, null, "not found");
    }
    Instant now = clock.instant();
    database.write(em -> end(em, r.id(), now, CONSENT_WITHDRAWN, SecurityAudit.actor(owner), from));
    return database.read(em -> em.find(RecordingEntity.class, r.id()));
  }

  /**
   * V8: the family, the other party to a conversation recording, asks for its copy; the holder
   * hands it over ({@code copy-requested} on the registration). Asked once: a second request
   * changes nothing. Returns whether this request was the first.
   */
  public boolean requestCopy(AuthenticatedUser member, String id, String from) {
    RecordingEntity r = ownRecording(member, id);
    if (!"conversation".equals(r.kind()) || r.endedAt() != null) {
      throw new Refused(
          Refused.Why.CONFLICT,
          "V8",
          "a copy is given of a conversation recording that is not erased (V8)");
    }
    Instant now = clock.instant();
    return database.write(
        em -> {
          int won =
              em.createQuery(
                      "update RecordingEntity r set r.copyRequestedAt = :now, r.copyRequestedBy = :by "
                          + "where r.id = :id and r.copyRequestedAt is null")
                  .setParameter("now", now)
                  .setParameter("by", member.username())
                  .setParameter("id", r.id())
                  .executeUpdate();
          if (won == 1) {
            audit.append(
                em,
                AuditRecord.of(
                        "U", "recording-copy-requested", "success", SecurityAudit.actor(member))
                    .withAccessPoint(from)
                    .withRequest(null, r.youthBsn(), null, null)
                    .withData("DocumentReference/" + r.id())
                    .withRules(List.of("V8"))
                    .withDetail(
                        "the other party asked "
                            + r.sourceOrg()
                            + " for a copy of the conversation recording"));
          }
          return won == 1;
        });
  }

  /** The recording with {@code id}; null when there is none (or the id cannot be one). */
  static RecordingEntity load(Database database, String id) {
    return id == null || id.length() > 36
        ? null
        : database.read(em -> em.find(RecordingEntity.class, id));
  }

  /** A recording held by {@code by}'s organisation; anything else: not found (tenancy). */
  static RecordingEntity ofOwnOrganisation(Database database, AuthenticatedUser by, String id) {
    RecordingEntity r = load(database, id);
    if (r == null || by.organisationId() == null || !by.organisationId().equals(r.sourceOrg())) {
      throw new Refused(Refused.Why.NOT_FOUND, null, "not found");
    }
    return r;
  }

  /** A recording of {@code member}'s own youth (V2); anything else: not found. */
  private RecordingEntity ownRecording(AuthenticatedUser member, String id) {
    RecordingEntity r = load(database, id);
    if (r == null
        || !member.isFamilyMember()
        || member.youthBsn() == null
        || !member.youthBsn().equals(r.youthBsn())) {
      throw new Refused(Refused.Why.NOT_FOUND, null, "not found");
    }
    return r;
  }

  /** V2 — a family sees only its own recordings: those of its youth. */
  public List<RecordingEntity> ofYouth(String youthBsn) {
    return database.read(
        em ->
            em.createQuery(
                    "select r from RecordingEntity r where r.youthBsn = :b order by r.registeredAt desc",
                    RecordingEntity.class)
                .setParameter("b", youthBsn)
                .setMaxResults(200)
                .getResultList());
  }

  private static boolean maySee(AuthenticatedUser by, RecordingEntity r) {
    return r.sourceOrg().equals(by.organisationId())
        && (by.system() || (by.isProfessional() && by.username().equals(r.maker())));
  }

  /** The test clock moved: run the V5 sweep at once. */
  void onClockMoved(@Observes ClockMoved moved) {
    sweep();
  }

  /**
   * V5, on the erasure timer and when the test clock moves: every registered recording whose
   * trajectory ended before today is ended once. Returns how many were ended.
   */
  public int sweep() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, GatewayProducers.ZONE);
    List<String> due =
        database.read(
            em ->
                em.createQuery(
                        "select r.id from RecordingEntity r where r.endedAt is null "
                            + "and r.trajectoryEnd < :today order by r.trajectoryEnd",
                        String.class)
                    .setParameter("today", today)
                    .setMaxResults(1000)
                    .getResultList());
    int ended = 0;
    for (String id : due) {
      if (database.write(em -> end(em, id, now, TRAJECTORY_END, null, "route"))) {
        ended++;
      }
    }
    return ended;
  }

  /**
   * Ends one recording, exactly once, for {@code cause}: the conditional update on its row decides
   * (a second node, a second sweep or a second request changes nothing). {@code actor} null: the
   * sweep, on behalf of who registered it. The holder is asked to erase the original unless the
   * owner agreed to keep it; every standing release that carried it gets an erasure request.
   */
  private boolean end(
      EntityManager em,
      String id,
      Instant now,
      String cause,
      AuditRecord.Actor actor,
      String from) {
    int won =
        em.createQuery(
                "update RecordingEntity r set r.endedAt = :now, r.endCause = :cause "
                    + "where r.id = :id and r.endedAt is null")
            .setParameter("now", now)
            .setParameter("cause", cause)
            .setParameter("id", id)
            .executeUpdate();
    if (won != 1) {
      return false;
    }
    em.createQuery(
            "update RecordingEntity r set r.eraseOriginalAt = :now "
                + "where r.id = :id and r.originalKept = false")
        .setParameter("now", now)
        .setParameter("id", id)
        .executeUpdate();
    RecordingEntity r = em.find(RecordingEntity.class, id);
    List<String> releases = releasesCarrying(em, r);
    List<ErasureDutyEntity> duties = erasure.recordingEnded(em, r.id(), releases, now);
    String why =
        switch (cause) {
          case PURPOSE_ENDED -> "the purpose ended";
          case CONSENT_WITHDRAWN -> "the owner withdrew their consent";
          default -> "trajectory ended " + r.trajectoryEnd();
        };
    audit.append(
        em,
        AuditRecord.of(
                r.originalKept() ? "U" : "D",
                "recording-ended",
                "success",
                actor == null ? AuditRecord.Actor.system(r.registeredBy()) : actor)
            .withAccessPoint(from)
            .withRequest(null, r.youthBsn(), null, null)
            .withData(
                "DocumentReference/" + r.id() + " (" + r.sourceId() + " at " + r.sourceOrg() + ")")
            .withRules(List.of("V5", "E2"))
            .withDetail(
                why
                    + (r.originalKept()
                        ? "; the owner agreed to keep the original"
                        : "; " + r.sourceOrg() + " is asked to erase the original")
                    + "; erasure requests for "
                    + duties.size()
                    + " of "
                    + releases.size()
                    + " standing release(s) that carried it"));
    return true;
  }

  /**
   * The standing releases (access not ended, bundle not deleted) of the youth from the holder whose
   * bundle carries the recording (an entry whose fullUrl ends in {@code /DocumentReference/<id>}).
   */
  static List<String> releasesCarrying(EntityManager em, RecordingEntity r) {
    List<ReleaseEntity> standing =
        em.createQuery(
                "select rel from DataRequestEntity q, ReleaseEntity rel where rel.requestId = q.id "
                    + "and q.youthBsn = :bsn and q.sourceOrg = :src "
                    + "and rel.accessEndedAt is null and rel.erasedAt is null",
                ReleaseEntity.class)
            .setParameter("bsn", r.youthBsn())
            .setParameter("src", r.sourceOrg())
            .getResultList();
    String marker = "/DocumentReference/" + r.sourceId() + "\"";
    List<String> out = new ArrayList<>();
    for (ReleaseEntity rel : standing) {
      if (rel.bundleJson() != null && rel.bundleJson().contains(marker)) {
        out.add(rel.id());
      }
    }
    return out;
  }

  static RecordingEntity atHolder(EntityManager em, String holder, String sourceId) {
    return em
        .createQuery(
            "select r from RecordingEntity r where r.sourceOrg = :o and r.sourceId = :s",
            RecordingEntity.class)
        .setParameter("o", holder)
        .setParameter("s", sourceId)
        .getResultList()
        .stream()
        .findFirst()
        .orElse(null);
  }
}
