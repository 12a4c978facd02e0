package nl.jeugdpoort.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Requester;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Task;

/**
 * Fuzzes what a client sends to {@code POST /fhir/Task}: the body as the FHIR parser reads it, the
 * translation into a data request, and the policy's checks on its face. The only answers allowed
 * are a parse error (400), a 422 with a message, or a decision — never another exception (a 500).
 */
class TaskInputFuzzTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final PolicyEngine POLICY = new PolicyEngine(PurposeCatalogue.load());
  private static final String TEMPLATE =
      "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"%s\","
          + "\"for\":{\"identifier\":{\"system\":\"%s\",\"value\":\"%s\"}},"
          + "\"owner\":{\"identifier\":{\"system\":\"https://jeugdpoort.nl/fhir/NamingSystem/organisation\",\"value\":\"%s\"}},"
          + "\"reasonCode\":{\"coding\":[{\"system\":\"https://jeugdpoort.nl/fhir/CodeSystem/purpose\",\"code\":\"%s\"}]},"
          + "\"input\":[{\"type\":{\"coding\":[{\"system\":\"https://jeugdpoort.nl/fhir/CodeSystem/task-parameter\",\"code\":\"%s\"}]},"
          + "\"valueString\":\"%s\"}%s]}";

  @FuzzTest(maxDuration = "20s")
  void any_body_gets_a_clear_answer(FuzzedDataProvider data) {
    String body =
        data.consumeBoolean()
            ? data.consumeRemainingAsString()
            : String.format(
                TEMPLATE,
                data.consumeString(8),
                data.pickValue(new String[] {"http://fhir.nl/fhir/NamingSystem/bsn", "x"}),
                data.consumeString(12),
                data.consumeString(20),
                data.consumeString(30),
                data.pickValue(
                    new String[] {
                      "category", "explanation", "legal-basis", "motivation", "nonsense"
                    }),
                data.consumeString(40),
                data.consumeBoolean() ? "," + data.consumeRemainingAsString() : "");
    Task task;
    try {
      task = FHIR.newJsonParser().parseResource(Task.class, body);
    } catch (DataFormatException | ClassCastException answeredWith400) {
      return;
    }
    NewDataRequest in;
    try {
      in = DataRequestTasks.read(task);
    } catch (UnprocessableEntityException answeredWith422) {
      assertThat(answeredWith422.getMessage()).isNotBlank();
      return;
    }
    var decision =
        POLICY.precheck(
            new DataRequest(
                "r",
                new Requester(
                    "dirk", "Dirk", "child-protection-investigator", "raad-kinderbescherming"),
                in.youthBsn(),
                in.sourceOrganisationId(),
                in.purpose(),
                in.explanation(),
                in.categories(),
                in.basis(),
                in.motivation(),
                in.delayedNoticeMotivation()));
    assertThat(decision.reasons()).isNotEmpty();
  }
}
