package nl.jeugdpoort.fhir;

/** Canonical URLs of Jeugdpoort's profiles. */
public final class Profiles {
  public static final String YOUTH = Vocabulary.BASE + "/StructureDefinition/jp-youth";
  public static final String DATA_REQUEST =
      Vocabulary.BASE + "/StructureDefinition/jp-data-request";
  public static final String CONSENT = Vocabulary.BASE + "/StructureDefinition/jp-consent";
  public static final String OBJECTION = Vocabulary.BASE + "/StructureDefinition/jp-objection";
  public static final String NOTICE = Vocabulary.BASE + "/StructureDefinition/jp-notice";
  public static final String DISCLOSURE = Vocabulary.BASE + "/StructureDefinition/jp-disclosure";
  public static final String RELEASE = Vocabulary.BASE + "/StructureDefinition/jp-release";
  public static final String RECORDING = Vocabulary.BASE + "/StructureDefinition/jp-recording";
  public static final String ERASURE_REQUEST =
      Vocabulary.BASE + "/StructureDefinition/jp-erasure-request";
  public static final String RECORDING_METADATA =
      Vocabulary.BASE + "/StructureDefinition/jp-recording-metadata";

  private Profiles() {}
}
