package nl.jeugdpoort.policy;

/**
 * A FHIR security label to put on released data (rule P4): a coding, by system and code.
 *
 * @param system the code system URI
 * @param code the code
 * @param display a human-readable display
 */
public record SecurityLabel(String system, String code, String display) {
  public static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  public static final String CONFIDENTIALITY =
      "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
  public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  public static final String PURPOSE = "https://jeugdpoort.nl/fhir/CodeSystem/purpose";
}
