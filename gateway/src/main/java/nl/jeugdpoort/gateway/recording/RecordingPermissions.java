package nl.jeugdpoort.gateway.recording;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.RecordingEntity;
import nl.jeugdpoort.gateway.persistence.RecordingPermissionAnswerEntity;
import nl.jeugdpoort.gateway.persistence.RecordingPermissionEntity;
import nl.jeugdpoort.gateway.persistence.RecordingPermissionPartyEntity;
import nl.jeugdpoort.gateway.recording.RecordingRegistry.Refused;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.policy.identity.Bsn;
import nl.jeugdpoort.policy.recording.RecordingRules;
import nl.jeugdpoort.policy.recording.RecordingRules.PermissionState;

/**
 * Permissions for a registered recording, asked by its maker and answered by those who decide.
 *
 * <ul>
 *   <li>{@code training-session} (V2): the owner's consent lets the named members of the holder
 *       (the maker's supervisor and fellow trainees) view the recording in that closed session; the
 *       only party is the owner.
 *   <li>{@code showing} (V3): showing the recording outside the closed setting (a presentation, a
 *       training elsewhere) needs the owner's written consent and that of every depicted family;
 *       one refusal blocks it. A classroom recording is never shown outside the school (V7).
 * </ul>
 *
 * Who answers for a depicted family follows C2 by the age of its youth ({@link
 * FamilyAccess#whoDecidesFor}); a family the gateway cannot reach never consents (fail closed). An
 * owner who is the professional ({@code Practitioner/<maker>}) consents by asking. Each answer is a
 * new row; a person's latest answer decides (O4). The state is always computed, never stored, by
 * {@link RecordingRules#permission}. Every request and answer is audited in its transaction.
 */
@ApplicationScoped
public class RecordingPermissions {
  /** V3: what a montage for a showing may name (the release obligations of a showing). */
  public static final List<String> SHOWING_OBLIGATIONS =
      List.of(
          "V3: name children by first name (and age) only",
          "V3: name parents by their role (father, mother, carer) and first name only",
          "V3: name the professional as agreed beforehand (first name, trainer, VHT worker)",
          "V3: show it only at the occasion named; no publication, no copies for the audience");

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject FamilyAccess family;

  /** One person whose answer counts, and their latest answer (null: not answered). */
  public record Person(String ref, Boolean consents, Instant answeredAt) {}

  /** A party: the owner, or a depicted family by its youth's BSN. */
  public record Party(String id, boolean owner, List<Person> persons) {}

  /** A permission with its recording, its computed state and its parties. */
  public record View(
      RecordingPermissionEntity permission,
      RecordingEntity recording,
      PermissionState state,
      List<Party> parties) {
    /** The person {@code ref} among those whose answer counts; null when not asked. */
    public Person person(String ref) {
      return parties.stream()
          .flatMap(p -> p.persons().stream())
          .filter(p -> p.ref().equals(ref))
          .findFirst()
          .orElse(null);
    }

    /** Whether the permission waits for {@code ref}'s answer (recording not ended). */
    public boolean waitsFor(String ref) {
      Person p = person(ref);
      return p != null && p.consents() == null && recording.endedAt() == null;
    }

    public List<String> obligations() {
      return RecordingPermissionEntity.SHOWING.equals(permission.kind())
          ? SHOWING_OBLIGATIONS
          : List.of();
    }
  }

  /**
   * V2, V3: the maker asks. {@code members} (account names of the holder) only for a training
   * session. Refused: not the maker (403, V2), an ended recording (409, V5), a classroom recording
   * shown outside the school (422, V7), bad input (422).
   */
  public View request(
      AuthenticatedUser by,
      String recordingId,
      String kind,
      String title,
      LocalDate occasion,
      List<String> members,
      String from) {
    RecordingEntity r = RecordingRegistry.ofOwnOrganisation(database, by, recordingId);
    if (!by.isProfessional() || !by.username().equals(r.maker())) {
      throw new Refused(
          Refused.Why.NOT_ALLOWED,
          "V2",
          "only the maker of a recording asks permission to let others view or show it (V2, V3)");
    }
    if (r.endedAt() != null) {
      throw new Refused(
          Refused.Why.CONFLICT,
          "V5",
          "the recording ended on "
              + LocalDate.ofInstant(r.endedAt(), GatewayProducers.ZONE)
              + " and is erased: nothing can be viewed or shown any more (V5)");
    }
    boolean training = RecordingPermissionEntity.TRAINING_SESSION.equals(kind);
    if (!training && !RecordingPermissionEntity.SHOWING.equals(kind)) {
      throw new Refused(
          Refused.Why.INVALID, null, "kind must be 'training-session' (V2) or 'showing' (V3)");
    }
    if (!training && "classroom".equals(r.kind())) {
      throw new Refused(
          Refused.Why.INVALID,
          "V7",
          "a classroom recording made to coach the teacher stays inside the school: it is "
              + "never shown outside it (V7)");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new Refused(
          Refused.Why.INVALID,
          null,
          "title must name the session or occasion (at most 200 characters)");
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), GatewayProducers.ZONE);
    if (occasion == null || occasion.isBefore(today)) {
      throw new Refused(
          Refused.Why.INVALID, null, "occasion must be the date of the session, today or later");
    }
    List<String> named = members == null ? List.of() : List.copyOf(new LinkedHashSet<>(members));
    if (training) {
      checkMembers(r, named);
    } else if (!named.isEmpty()) {
      throw new Refused(
          Refused.Why.INVALID,
          null,
          "member is for a training session only; a showing names its occasion, not viewers");
    }
    Instant now = clock.instant();
    String id =
        database.write(
            em -> {
              RecordingPermissionEntity p =
                  new RecordingPermissionEntity(
                      UUID.randomUUID().toString(),
                      r.id(),
                      kind,
                      title.strip(),
                      occasion,
                      named,
                      by.username(),
                      now);
              em.persist(p);
              em.flush(); // the parties and the answer refer to it (no JPA relationship orders
              // them)
              if (!training) {
                for (String bsn : families(r)) {
                  if (Bsn.isValid(bsn)) {
                    em.persist(
                        new RecordingPermissionPartyEntity(
                            UUID.randomUUID().toString(), p.id(), bsn));
                  }
                }
              }
              if (r.ownerRef().equals("Practitioner/" + r.maker())) {
                // The owner is the maker: asking is their consent.
                em.persist(
                    new RecordingPermissionAnswerEntity(
                        UUID.randomUUID().toString(),
                        p.id(),
                        r.ownerRef(),
                        by.username(),
                        true,
                        now));
              }
              audit.append(
                  em,
                  AuditRecord.of(
                          "C", "recording-permission-requested", "success", SecurityAudit.actor(by))
                      .withAccessPoint(from)
                      .withRequest(null, r.youthBsn(), null, null)
                      .withData("DocumentReference/" + r.id() + " permission " + p.id())
                      .withRules(List.of(training ? "V2" : "V3"))
                      .withDetail(
                          kind
                              + " '"
                              + title.strip()
                              + "' on "
                              + occasion
                              + (training ? " for " + String.join(", ", named) : "")));
              return p.id();
            });
    return view(id);
  }

  /** The permissions of a recording, newest first, for its maker or the holder's systems. */
  public List<View> of(AuthenticatedUser by, String recordingId) {
    RecordingEntity r = RecordingRegistry.ofOwnOrganisation(database, by, recordingId);
    if (!(by.system() || by.username().equals(r.maker()))) {
      throw new Refused(
          Refused.Why.NOT_ALLOWED, "V2", "only the maker and the holder's systems see this (V2)");
    }
    return database
        .read(
            em ->
                em.createQuery(
                        "select p.id from RecordingPermissionEntity p where p.recordingId = :r "
                            + "order by p.requestedAt desc",
                        String.class)
                    .setParameter("r", r.id())
                    .setMaxResults(100)
                    .getResultList())
        .stream()
        .map(this::view)
        .toList();
  }

  /**
   * The permissions {@code user} (a family member) is asked to answer: as the owner of the
   * recording, or as one who decides for a depicted family. Newest first.
   */
  public List<View> askedOf(AuthenticatedUser user) {
    if (!user.isFamilyMember() || user.personRef() == null) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    database.read(
        em -> {
          ids.addAll(
              em.createQuery(
                      "select p.id from RecordingPermissionEntity p, RecordingEntity r "
                          + "where p.recordingId = r.id and r.ownerRef = :me "
                          + "order by p.requestedAt desc",
                      String.class)
                  .setParameter("me", user.personRef())
                  .setMaxResults(100)
                  .getResultList());
          if (user.youthBsn() != null
              && family.whoDecidesFor(user.youthBsn()).contains(user.personRef())) {
            ids.addAll(
                em.createQuery(
                        "select p.permissionId from RecordingPermissionPartyEntity p, "
                            + "RecordingPermissionEntity q where p.permissionId = q.id "
                            + "and p.youthBsn = :b order by q.requestedAt desc",
                        String.class)
                    .setParameter("b", user.youthBsn())
                    .setMaxResults(100)
                    .getResultList());
          }
          return null;
        });
    return ids.stream()
        .map(this::view)
        .filter(java.util.Objects::nonNull)
        .sorted(Comparator.comparing((View v) -> v.permission().requestedAt()).reversed())
        .toList();
  }

  /**
   * A family member answers yes or no (V2, V3). Only someone whose answer counts for a party of the
   * permission answers; anyone else: not found. An ended recording: 409 (V5).
   */
  public View answer(AuthenticatedUser user, String permissionId, boolean consents, String from) {
    View v = permissionId == null || permissionId.length() > 36 ? null : view(permissionId);
    if (v == null || !user.isFamilyMember() || v.person(user.personRef()) == null) {
      throw new Refused(Refused.Why.NOT_FOUND, null, "not found");
    }
    if (v.recording().endedAt() != null) {
      throw new Refused(Refused.Why.CONFLICT, "V5", "the recording ended and is erased (V5)");
    }
    Instant now = clock.instant();
    database.write(
        em -> {
          em.persist(
              new RecordingPermissionAnswerEntity(
                  UUID.randomUUID().toString(),
                  permissionId,
                  user.personRef(),
                  user.username(),
                  consents,
                  now));
          audit.append(
              em,
              AuditRecord.of(
                      "U",
                      consents ? "recording-permission-given" : "recording-permission-refused",
                      "success",
                      SecurityAudit.actor(user))
                  .withAccessPoint(from)
                  .withRequest(null, v.recording().youthBsn(), null, null)
                  .withData(
                      "DocumentReference/" + v.recording().id() + " permission " + permissionId)
                  .withRules(
                      List.of(
                          RecordingPermissionEntity.SHOWING.equals(v.permission().kind())
                              ? "V3"
                              : "V2",
                          "O4"))
                  .withDetail(
                      (consents ? "consent given" : "consent refused")
                          + " for "
                          + v.permission().kind()
                          + " '"
                          + v.permission().title()
                          + "'"));
          return null;
        });
    return view(permissionId);
  }

  /**
   * V2: {@code by} is a named member of an allowed training session for the recording (not ended).
   */
  public boolean mayView(AuthenticatedUser by, RecordingEntity r) {
    return !allowedSessions(by, r.id()).isEmpty();
  }

  /** The ids of recordings {@code by} may view as a member of an allowed training session. */
  public List<String> viewableAsMember(AuthenticatedUser by) {
    return allowedSessions(by, null).stream().map(v -> v.recording().id()).distinct().toList();
  }

  /**
   * V2: the allowed training sessions that name {@code by}, of a recording of {@code by}'s
   * organisation that has not ended; of one recording, or of all when {@code recordingId} is null.
   */
  private List<View> allowedSessions(AuthenticatedUser by, String recordingId) {
    if (!by.isProfessional()) {
      return List.of();
    }
    List<String> sessions =
        database.read(
            em -> {
              var q =
                  em.createQuery(
                          "select p.id from RecordingPermissionEntity p where p.kind = :k "
                              + "and p.members like :m"
                              + (recordingId == null ? "" : " and p.recordingId = :r"),
                          String.class)
                      .setParameter("k", RecordingPermissionEntity.TRAINING_SESSION)
                      .setParameter("m", "%" + by.username() + "%");
              if (recordingId != null) {
                q.setParameter("r", recordingId);
              }
              return q.setMaxResults(1000).getResultList();
            });
    return sessions.stream()
        .map(this::view)
        .filter(
            v ->
                v.state() == PermissionState.ALLOWED
                    && v.recording().endedAt() == null
                    && v.recording().sourceOrg().equals(by.organisationId())
                    && v.permission().members().contains(by.username()))
        .toList();
  }

  /** The permission with its computed state; null when unknown. */
  View view(String permissionId) {
    return database.read(
        em -> {
          RecordingPermissionEntity p = em.find(RecordingPermissionEntity.class, permissionId);
          if (p == null) {
            return null;
          }
          RecordingEntity r = em.find(RecordingEntity.class, p.recordingId());
          Map<String, RecordingPermissionAnswerEntity> latest = latestAnswers(em, p.id());
          List<RecordingRules.Party> rules = new ArrayList<>();
          List<Party> parties = new ArrayList<>();
          add(rules, parties, "owner", true, List.of(r.ownerRef()), latest);
          if (RecordingPermissionEntity.SHOWING.equals(p.kind())) {
            for (String bsn : families(r)) {
              add(
                  rules,
                  parties,
                  bsn,
                  false,
                  Bsn.isValid(bsn) ? family.whoDecidesFor(bsn) : List.of(),
                  latest);
            }
          }
          Map<String, Boolean> answers = new HashMap<>();
          latest.forEach((person, a) -> answers.put(person, a.consents()));
          return new View(p, r, RecordingRules.permission(rules, answers), parties);
        });
  }

  private static void add(
      List<RecordingRules.Party> rules,
      List<Party> parties,
      String id,
      boolean owner,
      List<String> persons,
      Map<String, RecordingPermissionAnswerEntity> latest) {
    rules.add(new RecordingRules.Party(id, persons));
    parties.add(
        new Party(
            id,
            owner,
            persons.stream()
                .map(
                    ref -> {
                      RecordingPermissionAnswerEntity a = latest.get(ref);
                      return new Person(
                          ref, a == null ? null : a.consents(), a == null ? null : a.answeredAt());
                    })
                .toList()));
  }

  /** O4: per person, the latest answer (answers are only added). */
  private static Map<String, RecordingPermissionAnswerEntity> latestAnswers(
      EntityManager em, String permissionId) {
    Map<String, RecordingPermissionAnswerEntity> latest = new HashMap<>();
    for (RecordingPermissionAnswerEntity a :
        em.createQuery(
                "select a from RecordingPermissionAnswerEntity a where a.permissionId = :p "
                    + "order by a.answeredAt, a.id",
                RecordingPermissionAnswerEntity.class)
            .setParameter("p", permissionId)
            .getResultList()) {
      latest.put(a.personRef(), a);
    }
    return latest;
  }

  /** V3: the depicted families, the subject's family first (older registrations may lack it). */
  static List<String> families(RecordingEntity r) {
    Set<String> out = new LinkedHashSet<>();
    out.add(r.youthBsn());
    out.addAll(r.depictedFamilies());
    return List.copyOf(out);
  }

  private void checkMembers(RecordingEntity r, List<String> members) {
    if (members.isEmpty() || members.size() > 30) {
      throw new Refused(
          Refused.Why.INVALID,
          "V2",
          "a training session names its members (1 to 30 account names of "
              + r.sourceOrg()
              + "): the maker's supervisor and fellow trainees (V2)");
    }
    for (String m : members) {
      AccountEntity a =
          m == null || m.length() > 64
              ? null
              : database.read(em -> em.find(AccountEntity.class, m));
      if (a == null
          || !r.sourceOrg().equals(a.organisationId())
          || Set.of(
                  AuthenticatedUser.FAMILY_MEMBER,
                  AuthenticatedUser.PRIVACY_OFFICER,
                  AuthenticatedUser.ADMINISTRATOR,
                  AuthenticatedUser.ORGANISATION_ADMINISTRATOR)
              .contains(a.role())
          || m.equals(r.maker())) {
        throw new Refused(
            Refused.Why.INVALID,
            "V2",
            "member '"
                + m
                + "' is not another professional of "
                + r.sourceOrg()
                + ": a closed training session is held inside the holder (V2)");
      }
    }
  }
}
