package nl.jeugdpoort.connectors;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The names of the source contract (docs/sources.md): identifier system, headers, the refusal
 * signal.
 */
public final class SourceContract {
  /** The youth's BSN as a Patient identifier. */
  public static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

  public static final String HEADER_PURPOSE = "X-Jeugdpoort-Purpose";

  /** The explanation, URL-encoded (UTF-8). */
  public static final String HEADER_EXPLANATION = "X-Jeugdpoort-Explanation";

  public static final String HEADER_REQUESTER = "X-Jeugdpoort-Requester-Organisation";
  public static final String HEADER_REQUEST_ID = "X-Request-ID";

  /**
   * A compact JWS signed by the gateway binding purpose, explanation, requester, request id and
   * audience.
   */
  public static final String HEADER_CONTEXT = "X-Jeugdpoort-Context";

  /** The code system of the source's explicit answers. */
  public static final String SOURCE_ANSWER_SYSTEM =
      "https://jeugdpoort.nl/fhir/CodeSystem/source-answer";

  /** The code of a refusal on the source's own professional grounds (P6). */
  public static final String PROFESSIONAL_REFUSAL = "professional-refusal";

  private SourceContract() {}

  /**
   * The OperationOutcome a source answers (with HTTP 403 or 422) to refuse on professional grounds
   * (P6): issue.details carries {@value #SOURCE_ANSWER_SYSTEM}|{@value #PROFESSIONAL_REFUSAL},
   * diagnostics the reason.
   */
  public static OperationOutcome professionalRefusal(String reason) {
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.FORBIDDEN)
        .setDetails(
            new CodeableConcept(
                new Coding(SOURCE_ANSWER_SYSTEM, PROFESSIONAL_REFUSAL, "Professional refusal")))
        .setDiagnostics(reason);
    return outcome;
  }

  /**
   * The reason of an explicit professional refusal in this outcome, or null when it carries none.
   */
  public static String refusalReason(OperationOutcome outcome) {
    if (outcome == null) {
      return null;
    }
    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
      for (Coding coding : issue.getDetails().getCoding()) {
        if (SOURCE_ANSWER_SYSTEM.equals(coding.getSystem())
            && PROFESSIONAL_REFUSAL.equals(coding.getCode())) {
          return issue.hasDiagnostics() ? issue.getDiagnostics() : "";
        }
      }
    }
    return null;
  }
}
