package nl.jeugdpoort.gateway.request;

import java.util.Set;

/** A data request as submitted (from a FHIR Task), before anything is stored. */
public record NewDataRequest(
    String youthBsn,
    String sourceOrganisationId,
    String purpose,
    String explanation,
    Set<String> categories,
    String basis,
    String motivation,
    String delayedNoticeMotivation) {
  public NewDataRequest {
    categories = categories == null ? Set.of() : Set.copyOf(categories);
  }
}
