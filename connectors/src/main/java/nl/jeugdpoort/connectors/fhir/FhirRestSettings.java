package nl.jeugdpoort.connectors.fhir;

import java.time.Duration;

/**
 * Resilience settings of the FHIR REST connector.
 *
 * @param connectTimeout time to open a connection
 * @param readTimeout time to wait for an answer
 * @param maxAttempts attempts per call, including the first (bounded retries)
 * @param initialBackoff wait before the second attempt; doubles per attempt
 * @param breakerWindow number of recent calls the circuit breaker looks at
 * @param breakerFailureRate percentage of failures in the window that opens the circuit
 * @param breakerOpenFor how long an open circuit refuses calls before trying again
 * @param maxPages maximum number of search pages followed per category
 */
public record FhirRestSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    int breakerWindow,
    float breakerFailureRate,
    Duration breakerOpenFor,
    int maxPages) {

  /** Defaults for production: a slow source costs at most about 3 × 10 s before the request is told. */
  public static FhirRestSettings defaults() {
    return new FhirRestSettings(
        Duration.ofSeconds(3), Duration.ofSeconds(10), 3, Duration.ofMillis(250), 10, 50f,
        Duration.ofSeconds(30), 20);
  }
}
