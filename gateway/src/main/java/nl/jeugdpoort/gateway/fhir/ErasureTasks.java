package nl.jeugdpoort.gateway.fhir;

import java.util.Date;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.ErasureDutyEntity;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/** An erasure request (E2) as a FHIR {@code Task} of profile jp-erasure-request. */
final class ErasureTasks {
  static final String CODE = "erasure-request";

  private ErasureTasks() {}

  static Task show(ErasureDutyEntity d, String recipientName) {
    Task task = new Task();
    task.setId(d.id());
    task.getMeta().addProfile(Profiles.ERASURE_REQUEST);
    task.setStatus(d.confirmedAt() == null ? Task.TaskStatus.REQUESTED : Task.TaskStatus.COMPLETED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding(Vocabulary.TASK_CODE, CODE, "Verwijderverzoek")));
    task.setFocus(new Reference("Bundle/" + d.releaseId()));
    task.addBasedOn(new Reference("Task/" + d.requestId()));
    task.setFor(
        new Reference()
            .setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(d.youthBsn())));
    task.setAuthoredOn(Date.from(d.sentAt()));
    task.setLastModified(Date.from(d.confirmedAt() == null ? d.sentAt() : d.confirmedAt()));
    task.setOwner(
        new Reference()
            .setDisplay(recipientName)
            .setIdentifier(
                new Identifier().setSystem(Vocabulary.ORGANISATION).setValue(d.recipientOrg())));
    task.setReasonCode(
        new CodeableConcept(new Coding(Vocabulary.RULE, d.ruleId(), null))
            .setText(why(d.ruleId())));
    task.getRestriction().setPeriod(new Period().setEnd(Date.from(d.dueAt())));
    if (d.confirmedAt() != null) {
      task.setExecutionPeriod(
          new Period().setStart(Date.from(d.sentAt())).setEnd(Date.from(d.confirmedAt())));
      task.addOutput()
          .setType(
              new CodeableConcept(
                  new Coding(Vocabulary.TASK_PARAMETER, "confirmed-by", "Bevestigd door")))
          .setValue(
              new StringType(
                  d.confirmedByName()
                      + " ("
                      + d.confirmedBy()
                      + ", via "
                      + d.confirmedVia()
                      + ")"));
    }
    return task;
  }

  static String why(String rule) {
    return switch (rule) {
      case "C3" -> "De toestemming is ingetrokken (C3); verwijder de gegevens (E2).";
      case "E1" -> "De bewaartermijn is verstreken (E1); verwijder de gegevens (E2).";
      case "V5" ->
          "Het traject of doel van een video-opname is geëindigd (V5); verwijder de opname (E2).";
      default -> rule;
    };
  }

  /**
   * True when the Task names the erasure-request code (of the task-code system, or without a
   * system).
   */
  static boolean isErasureCode(String system, String code) {
    return CODE.equals(code)
        && (system == null || system.isEmpty() || Vocabulary.TASK_CODE.equals(system));
  }
}
