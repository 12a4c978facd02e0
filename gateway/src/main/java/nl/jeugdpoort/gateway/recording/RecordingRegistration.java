package nl.jeugdpoort.gateway.recording;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.policy.Recording;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.identity.Bsn;
import nl.jeugdpoort.policy.recording.RecordingRules;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a holder registers about a recording, read from a {@code DocumentReference} of profile
 * jp-recording (the profile itself is validated by the caller), and the V1 check of its owner.
 * Every problem is an {@link Invalid} with a message for the holder's developers and, where a rule
 * decides it, the rule id.
 *
 * @param sourceId the recording's id at the holder ({@code masterIdentifier.value})
 * @param youthBsn the youth recorded ({@code subject.identifier}, BSN)
 * @param kindCode the recording-kind code
 * @param ownerRef the owner as registered (V1)
 * @param maker the maker's account name (V2)
 * @param depictedFamilies the families depicted (V3), by the BSN of their youth; the subject first
 * @param registeredHash SHA-256 of the content at registration (V6)
 * @param currentHash SHA-256 of the content as it is now (V6), or null
 * @param editAnnounced true when this is an edited version with its announcement (V6)
 * @param announcement the announcement of the edit (V6), or null
 * @param trajectoryEnd the end of the trajectory (V5), or null
 * @param originalKept the owner agreed that the original is kept after the end (V5)
 * @param description what the recording shows, for the family's page
 */
public record RecordingRegistration(
    String sourceId,
    String youthBsn,
    String kindCode,
    String ownerRef,
    String maker,
    List<String> depictedFamilies,
    String registeredHash,
    String currentHash,
    boolean editAnnounced,
    String announcement,
    LocalDate trajectoryEnd,
    boolean originalKept,
    String description) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern OWNER =
      Pattern.compile("(Patient|RelatedPerson|Practitioner)/[A-Za-z0-9\\-.]{1,64}");

  /** A registration that cannot be accepted; {@code ruleId} is null for a plain format error. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String ruleId;

    public Invalid(String ruleId, String message) {
      super(ruleId == null ? message : message + " (" + ruleId + ")");
      this.ruleId = ruleId;
    }

    public String ruleId() {
      return ruleId;
    }
  }

  public RecordingRegistration {
    depictedFamilies = List.copyOf(depictedFamilies);
  }

  /** The policy's kind for the recording-kind code. */
  public Recording.Kind kind() {
    return kind(kindCode);
  }

  static Recording.Kind kind(String code) {
    return switch (code) {
      case "video-home-training" -> Recording.Kind.VIDEO_HOME_TRAINING;
      case "video-interaction-coaching" -> Recording.Kind.VIDEO_INTERACTION_COACHING;
      case "classroom" -> Recording.Kind.CLASSROOM;
      case "conversation" -> Recording.Kind.CONVERSATION;
      default -> throw new Invalid(null, "Unknown recording kind '" + code + "'");
    };
  }

  /** Reads the registration; the profile's cardinalities are assumed checked already. */
  public static RecordingRegistration read(DocumentReference doc) {
    String sourceId = doc.hasMasterIdentifier() ? doc.getMasterIdentifier().getValue() : null;
    if (sourceId == null || !SOURCE_ID.matcher(sourceId).matches()) {
      throw new Invalid(
          null,
          "masterIdentifier.value must be the recording's id at your organisation (the "
              + "DocumentReference id your FHIR endpoint serves; letters, digits, '-' and '.', at most 64)");
    }
    Reference subject = doc.getSubject();
    String bsn =
        subject.hasIdentifier() && Vocabulary.BSN.equals(subject.getIdentifier().getSystem())
            ? subject.getIdentifier().getValue()
            : null;
    if (bsn == null || !Bsn.isValid(bsn)) {
      throw new Invalid(
          "C5",
          "subject.identifier must carry the youth's valid BSN (system " + Vocabulary.BSN + ")");
    }
    String kindCode =
        doc.getType().getCoding().stream()
            .filter(c -> Vocabulary.RECORDING_KIND.equals(c.getSystem()))
            .map(c -> c.getCode())
            .findFirst()
            .orElseThrow(
                () -> new Invalid(null, "type must carry a code of " + Vocabulary.RECORDING_KIND));
    Recording.Kind kind = kind(kindCode);
    Extension metadata = doc.getExtensionByUrl(Profiles.RECORDING_METADATA);
    if (metadata == null) {
      throw new Invalid(null, "the extension " + Profiles.RECORDING_METADATA + " is missing");
    }
    Extension owner = metadata.getExtensionByUrl("owner");
    String ownerRef =
        owner != null && owner.getValue() instanceof Reference r ? r.getReference() : null;
    if (ownerRef == null || !OWNER.matcher(ownerRef).matches()) {
      throw new Invalid(
          "V1",
          "owner must reference the owner as Patient/<id> or RelatedPerson/<id> (as your FHIR "
              + "endpoint serves them) or Practitioner/<maker>");
    }
    String maker = text(metadata, "maker");
    if (maker == null || maker.isBlank() || maker.length() > 64) {
      throw new Invalid("V2", "maker must be the account name of the professional who made it");
    }
    // V3: every depicted family, by the BSN of its youth; the subject's family is always depicted.
    List<String> depicted = new ArrayList<>(List.of(bsn));
    for (Extension e : metadata.getExtensionsByUrl("depicted-family")) {
      String family = e.getValue() == null ? null : e.getValue().primitiveValue();
      if (family == null || !Bsn.isValid(family)) {
        throw new Invalid(
            "V3",
            "depicted-family must be the valid BSN of the youth of a depicted family: that "
                + "family answers whether the recording may be shown");
      }
      if (!depicted.contains(family)) {
        depicted.add(family);
      }
    }
    if (depicted.size() > 20) {
      throw new Invalid("V3", "at most 20 depicted families");
    }
    String registered = hash(metadata, "registered-hash");
    if (registered == null) {
      throw new Invalid("V6", "registered-hash must be the SHA-256 of the content, 64 hex digits");
    }
    String current = hash(metadata, "current-hash");
    if (current == null && text(metadata, "current-hash") != null) {
      throw new Invalid("V6", "current-hash must be a SHA-256, 64 hex digits");
    }
    boolean editAnnounced = "true".equals(text(metadata, "edit-announced"));
    String announcement = text(metadata, "announcement");
    if (editAnnounced && (announcement == null || announcement.isBlank())) {
      throw new Invalid("V6", "an edited version (edit-announced true) needs its announcement");
    }
    if (announcement != null && announcement.length() > 2000) {
      throw new Invalid("V6", "announcement: at most 2000 characters");
    }
    if (kind == Recording.Kind.CONVERSATION
        && !"true".equals(text(metadata, "all-parties-consented"))) {
      throw new Invalid(
          "V8",
          "a conversation recording is registered only when every party consented to it "
              + "(all-parties-consented true); covert recordings are not accepted");
    }
    String end = text(metadata, "trajectory-end");
    String description = doc.getDescription();
    if (description != null && description.length() > 500) {
      throw new Invalid(null, "description: at most 500 characters");
    }
    return new RecordingRegistration(
        sourceId,
        bsn,
        kindCode,
        ownerRef,
        maker,
        depicted,
        registered,
        current,
        editAnnounced,
        announcement,
        end == null ? null : LocalDate.parse(end),
        "true".equals(text(metadata, "original-kept")),
        description);
  }

  /** True when the owner's ownership depends on the youth and their family (V1). */
  public boolean ownedByTheFamily() {
    return kind() == Recording.Kind.VIDEO_HOME_TRAINING;
  }

  /**
   * V1: the registered owner must be who {@link RecordingRules#owners} says: for video home
   * training an authority holder (the youth of 16+ registered as owner is their agreement); for
   * every other kind the professional, {@code Practitioner/<maker>}. {@code youth} may be null for
   * the other kinds.
   */
  public void checkOwner(Youth youth, LocalDate today) {
    if (ownedByTheFamily() && youth == null) {
      throw new Invalid("V1", "the youth is not known, so the owner cannot be checked");
    }
    boolean youthNamed = youth != null && ownerRef.equals(youth.personId());
    List<String> owners =
        RecordingRules.owners(kind(), youth, today, youthNamed, "Practitioner/" + maker);
    if (!owners.contains(ownerRef)) {
      throw new Invalid(
          "V1",
          "the owner of a "
              + kindCode
              + " recording is "
              + (owners.isEmpty() ? "nobody the source names" : String.join(" or ", owners))
              + (ownedByTheFamily()
                  ? " (the authority holders; the youth of 16+ where so agreed)"
                  : " (the professional)")
              + ", not "
              + ownerRef);
    }
  }

  private static String hash(Extension metadata, String part) {
    String h = text(metadata, part);
    return h != null && SHA256.matcher(h.toLowerCase(Locale.ROOT)).matches()
        ? h.toLowerCase(Locale.ROOT)
        : null;
  }

  private static String text(Extension metadata, String part) {
    Extension e = metadata.getExtensionByUrl(part);
    return e == null || e.getValue() == null ? null : e.getValue().primitiveValue();
  }
}
