package nl.jeugdpoort.connectors.fhir;

import java.time.Duration;
import nl.jeugdpoort.connectors.SourceResult;

/**
 * Internal control flow of the connector: a call ended with a definite answer ({@link Final}) or
 * with a transient failure worth retrying ({@link Transient}). Never leaves {@link
 * FhirRestSourceConnector}.
 */
final class SourceAnswer {
  private SourceAnswer() {}

  /** The source's answer settles the whole operation (refused, denied, bad answer, …). */
  static final class Final extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SourceResult result;

    Final(SourceResult result) {
      super(result.toString(), null, false, false);
      this.result = result;
    }
  }

  /** Transport error, time-out, 429 or 5xx: retried with back-off, then unavailable. */
  static final class Transient extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Duration retryAfter;

    Transient(String reason, Duration retryAfter) {
      super(reason, null, false, false);
      this.retryAfter = retryAfter;
    }
  }

  static Final bad(String reason) {
    return new Final(new SourceResult.BadAnswer(reason));
  }
}
