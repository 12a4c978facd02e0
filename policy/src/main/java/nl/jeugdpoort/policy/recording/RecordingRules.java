package nl.jeugdpoort.policy.recording;

import java.util.Collection;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.Recording;
import nl.jeugdpoort.policy.SourceItem;
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
          "Opnames die alleen dienen om de leerkracht te coachen blijven op school en worden nooit gedeeld.",
          "Refused: purpose '" + purpose.code() + "' is internal-only; requester organisation '"
              + request.requester().organisationId() + "' is not the source.");
      d.suggest("Bekijk de opname op school zelf, samen met de leerkracht en de coach.");
    }
  }

  /** V2, V5, V6, V8 — per recording item. */
  public void items(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    for (SourceItem item : facts.items()) {
      Recording r = item.recording();
      if (r == null || !d.isReleasable(item.category()) || d.isWithheld(item)) {
        continue;
      }
      if (!r.integrityHolds()) {
        // V6 — a content mismatch without an announced edit blocks release.
        d.withhold(
            item,
            "V6",
            "Een opname is veranderd zonder dat dit is aangekondigd en wordt daarom niet gedeeld.",
            "Recording " + item.id() + " hash differs from the registered hash and no edit was announced.");
        d.suggest("Vraag de maker om de oorspronkelijke opname, of om een bewerkte versie die als zodanig is aangekondigd.");
        continue;
      }
      if (r.trajectoryEnd() != null && facts.today().isAfter(r.trajectoryEnd())) {
        // V5 — after the trajectory the original is erased, so it is not released.
        d.withhold(
            item,
            "V5",
            "De begeleiding is afgelopen; de opname moet worden gewist en wordt niet meer gedeeld.",
            "Recording " + item.id() + " belongs to a trajectory that ended " + r.trajectoryEnd() + ".");
        d.suggest("Bespreek met de familie of er een nieuwe begeleiding met nieuwe opnames nodig is.");
        continue;
      }
      boolean maker = request.requester().personId().equals(r.makerId());
      boolean consented = consents.forCategory(item.category()).complete();
      if (r.kind() == Recording.Kind.CONVERSATION && !consented) {
        // V8 — a conversation recording goes to a third party only with the consent of all parties.
        d.withhold(
            item,
            "V8",
            "Een opname van een gesprek wordt niet zonder toestemming van alle deelnemers gedeeld.",
            "Conversation recording " + item.id() + " without consent of all parties.");
        d.suggest("Vraag alle deelnemers aan het gesprek om toestemming.");
      } else if (!maker && !consented) {
        // V2 — only the maker sees a recording, others only with the owner's consent.
        d.withhold(
            item,
            "V2",
            "Een opname is alleen te zien voor wie hem maakte, en voor anderen alleen met toestemming van de eigenaar.",
            "Recording " + item.id() + " requested by someone other than its maker without the owner's consent.");
        d.suggest("Vraag de eigenaar van de opname om toestemming.");
      }
    }
  }

  /**
   * V1 — who owns a recording: video home training belongs to the authority holders (to the youth of 16+
   * where so agreed); video interaction coaching to the professional being coached; a classroom or
   * conversation recording to the organisation's professional who made it.
   */
  public static java.util.List<String> owners(
      Recording.Kind kind, nl.jeugdpoort.policy.Youth youth, java.time.LocalDate day, boolean youthAgreed,
      String professionalId) {
    if (kind == Recording.Kind.VIDEO_HOME_TRAINING) {
      if (youth.ageOn(day) >= 16 && youthAgreed) {
        return java.util.List.of(youth.personId());
      }
      return youth.authorityHolders().stream().map(nl.jeugdpoort.policy.Person::id).toList();
    }
    return java.util.List.of(professionalId);
  }

  /** V4 — a recording is never released as evidence in a dispute between family members or colleagues. */
  public static boolean mayServeAsEvidence() {
    return false;
  }

  /**
   * V3 — showing a recording outside the closed training setting needs the owner's written consent and
   * that of every depicted family; one refusal blocks it.
   */
  public static boolean mayShowOutside(Recording r, Collection<String> writtenConsentsFrom) {
    return r.ownerId() != null
        && writtenConsentsFrom.contains(r.ownerId())
        && writtenConsentsFrom.containsAll(r.depictedFamilies());
  }
}
