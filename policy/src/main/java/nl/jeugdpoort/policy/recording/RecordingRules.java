package nl.jeugdpoort.policy.recording;

import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Recording;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.consent.ConsentChecks;

/** The V rules that decide a release, and V3 as a check the gateway can ask. */
public final class RecordingRules {

  /** V7 — classroom recordings made only to coach the teacher stay inside the school. */
  public void internalOnly(DataRequest request, Purpose purpose, Deliberation d) {
    if (purpose.internalOnly()
        && !request.requester().organisationId().equals(request.sourceOrganisationId())) {
      d.deny(
          "V7",
          ReasonKey.INTERNAL_ONLY,
          "purpose",
          purpose.code(),
          "organisation",
          request.requester().organisationId());
      d.suggest(Suggestion.Key.VIEW_AT_SCHOOL);
    }
  }

  /** V2, V5, V6, V8 — per recording item; V3 as the obligation of every recording released. */
  public void items(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    for (SourceItem item : facts.items()) {
      Recording r = item.recording();
      if (r == null || !d.isReleasable(item.category()) || d.isWithheld(item)) {
        continue;
      }
      if (!r.integrityHolds()) {
        // V6 — a content mismatch without an announced edit blocks release.
        d.withhold(item, "V6", ReasonKey.RECORDING_ALTERED, "item", item.id());
        d.suggest(Suggestion.Key.ORIGINAL_RECORDING);
        continue;
      }
      if (r.trajectoryEnd() != null && facts.today().isAfter(r.trajectoryEnd())) {
        // V5 — after the trajectory the original is erased, so it is not released.
        d.withhold(
            item,
            "V5",
            ReasonKey.RECORDING_TRAJECTORY_ENDED,
            "item",
            item.id(),
            "ended",
            r.trajectoryEnd());
        d.suggest(Suggestion.Key.NEW_TRAJECTORY);
        continue;
      }
      boolean maker = request.requester().personId().equals(r.makerId());
      boolean consented = consents.forCategory(item.category()).complete();
      if (r.kind() == Recording.Kind.CONVERSATION && !consented) {
        // V8 — a conversation recording goes to a third party only with the consent of all parties.
        d.withhold(item, "V8", ReasonKey.CONVERSATION_WITHOUT_CONSENT, "item", item.id());
        d.suggest(Suggestion.Key.ASK_ALL_PARTIES);
      } else if (!maker && !consented) {
        // V2 — only the maker sees a recording, others only with the owner's consent.
        d.withhold(item, "V2", ReasonKey.RECORDING_NOT_MAKER, "item", item.id());
        d.suggest(Suggestion.Key.ASK_OWNER);
      }
      if (!d.isWithheld(item)) {
        // V3 — what goes out may not be shown outside the closed setting without everyone's
        // written consent; the montage rules travel with it.
        d.obligation("V3", ReasonKey.RECORDING_NO_SHOWING, "item", item.id());
      }
    }
  }

  /**
   * V1 — who owns a recording: video home training belongs to the authority holders (to the youth
   * of 16+ where so agreed); video interaction coaching to the professional being coached; a
   * classroom or conversation recording to the organisation's professional who made it.
   */
  public static java.util.List<String> owners(
      Recording.Kind kind,
      nl.jeugdpoort.policy.Youth youth,
      java.time.LocalDate day,
      boolean youthAgreed,
      String professionalId) {
    if (kind == Recording.Kind.VIDEO_HOME_TRAINING) {
      if (youth.ageOn(day) >= 16 && youthAgreed) {
        return java.util.List.of(youth.personId());
      }
      return youth.authorityHolders().stream().map(nl.jeugdpoort.policy.Person::id).toList();
    }
    return java.util.List.of(professionalId);
  }

  /**
   * V4 — a recording is never released as evidence in a dispute between family members or
   * colleagues.
   */
  public static boolean mayServeAsEvidence() {
    return false;
  }

  /** The state of a permission to view (V2) or show (V3) a recording. */
  public enum PermissionState {
    /** Not every person who must answer has said yes, and nobody said no. */
    WAITING,
    /** Every person of every party said yes (their latest answer). */
    ALLOWED,
    /** Someone whose answer counts said no: one refusal blocks (V3). */
    REFUSED
  }

  /**
   * A party whose consent a permission needs: the owner (V1) or a depicted family (V3), and the
   * persons whose answer counts for it — for a family those {@link
   * nl.jeugdpoort.policy.consent.ConsentRules#whoMustConsent} names by the depicted youth's age. A
   * party without persons can never consent (fail closed).
   */
  public record Party(String id, java.util.List<String> persons) {
    public Party {
      persons = java.util.List.copyOf(persons);
    }
  }

  /**
   * V2, V3 — a permission to let the owner's supervisor and fellow trainees view a recording in a
   * closed training session (parties: the owner) or to show it outside that setting (the owner and
   * every depicted family): allowed when every person of every party said yes, refused as soon as
   * one said no. {@code latestAnswers} holds each person's latest answer (O4: the later record of a
   * person decides); answers of anyone else do not count.
   */
  public static PermissionState permission(
      java.util.List<Party> parties, java.util.Map<String, Boolean> latestAnswers) {
    boolean all = !parties.isEmpty();
    for (Party party : parties) {
      if (party.persons().isEmpty()) {
        all = false;
      }
      for (String person : party.persons()) {
        Boolean yes = latestAnswers.get(person);
        if (Boolean.FALSE.equals(yes)) {
          return PermissionState.REFUSED;
        }
        if (yes == null) {
          all = false;
        }
      }
    }
    return all ? PermissionState.ALLOWED : PermissionState.WAITING;
  }
}
