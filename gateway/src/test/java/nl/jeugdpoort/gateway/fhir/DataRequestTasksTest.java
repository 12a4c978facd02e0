package nl.jeugdpoort.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * Reading a posted Task: a purpose coding without a code is no purpose (P1 decides), never a crash.
 */
class DataRequestTasksTest {
  private static Task task() {
    Task t = new Task();
    t.setIntent(Task.TaskIntent.ORDER);
    t.getFor().getIdentifier().setSystem(Vocabulary.BSN).setValue("111222333");
    t.getOwner().getIdentifier().setSystem(Vocabulary.ORGANISATION).setValue("wijkteam-noord");
    return t;
  }

  @Test
  void a_purpose_coding_without_a_code_reads_as_no_purpose() {
    Task t = task();
    t.getReasonCode().addCoding().setSystem(Vocabulary.PURPOSE);
    NewDataRequest in = DataRequestTasks.read(t);
    assertThat(in.purpose()).isNull();
  }

  @Test
  void an_unknown_purpose_is_read_as_given_for_the_policy_to_refuse() {
    Task t = task();
    t.getReasonCode().addCoding().setSystem(Vocabulary.PURPOSE).setCode("marketing");
    assertThat(DataRequestTasks.read(t).purpose()).isEqualTo("marketing");
  }
}
