package nl.jeugdpoort.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Metadata of a recording (video home training, interaction coaching, classroom or conversation
 * recording) — the V rules.
 *
 * @param kind what sort of recording it is
 * @param ownerId person id of the owner (rule V1)
 * @param makerId person id of the professional who made it (rule V2)
 * @param depictedFamilies ids of every family depicted (rule V3)
 * @param registeredHash content hash recorded at registration (rule V6)
 * @param currentHash content hash of the file as it is now (rule V6)
 * @param editAnnounced true when an edited version was registered with its announcement (rule V6)
 * @param trajectoryEnd the end of the trajectory, after which the recording is erased (rule V5), or
 *     null
 */
public record Recording(
    Kind kind,
    String ownerId,
    String makerId,
    List<String> depictedFamilies,
    String registeredHash,
    String currentHash,
    boolean editAnnounced,
    LocalDate trajectoryEnd) {

  public Recording {
    Objects.requireNonNull(kind, "kind");
    depictedFamilies = depictedFamilies == null ? List.of() : List.copyOf(depictedFamilies);
  }

  /** The kinds of recording the seeds distinguish. */
  public enum Kind {
    VIDEO_HOME_TRAINING,
    VIDEO_INTERACTION_COACHING,
    CLASSROOM,
    CONVERSATION
  }

  /** True when the content is the registered content, or a change was announced (rule V6). */
  public boolean integrityHolds() {
    return editAnnounced || (registeredHash != null && registeredHash.equals(currentHash));
  }
}
