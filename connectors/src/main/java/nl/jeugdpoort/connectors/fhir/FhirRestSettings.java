package nl.jeugdpoort.connectors.fhir;

import java.time.Duration;

/**
 * Settings of the FHIR REST connector (docs/configuration.md, docs/sources.md).
 *
 * @param connectTimeout time to open a connection
 * @param readTimeout time to wait for one complete answer (headers and body) to one call
 * @param maxAttempts attempts per call, including the first (bounded retries on transport errors,
 *     429, 5xx)
 * @param initialBackoff wait before the second attempt; doubles per attempt
 * @param breakerWindow number of recent calls the circuit breaker looks at
 * @param breakerFailureRate percentage of failures in the window that opens the circuit
 * @param breakerOpenFor how long an open circuit refuses calls before trying again
 * @param maxPages most search pages followed per resource type; hitting it marks the type truncated
 * @param pageSize the {@code _count} asked per search page
 * @param maxItemsPerType most items kept per resource type (unless the query sets its own bound)
 * @param maxResponseBytes most bytes accepted in one answer (Content-Length and the stream are both
 *     checked)
 * @param capabilityCacheTtl how long a source's CapabilityStatement is cached
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a source asking to wait longer is
 *     unavailable
 */
public record FhirRestSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    int breakerWindow,
    float breakerFailureRate,
    Duration breakerOpenFor,
    int maxPages,
    int pageSize,
    int maxItemsPerType,
    long maxResponseBytes,
    Duration capabilityCacheTtl,
    Duration maxRetryAfter) {

  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int DEFAULT_MAX_ITEMS_PER_TYPE = 10_000;
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  public FhirRestSettings {
    if (maxAttempts < 1
        || maxPages < 1
        || pageSize < 1
        || maxItemsPerType < 1
        || maxResponseBytes < 1024) {
      throw new IllegalArgumentException(
          "maxAttempts, maxPages, pageSize and maxItemsPerType must be at least 1, maxResponseBytes at least 1024");
    }
  }

  /** The resilience settings of before, with the defaults for the bounds. */
  public FhirRestSettings(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration initialBackoff,
      int breakerWindow,
      float breakerFailureRate,
      Duration breakerOpenFor,
      int maxPages) {
    this(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        breakerWindow,
        breakerFailureRate,
        breakerOpenFor,
        maxPages,
        DEFAULT_PAGE_SIZE,
        DEFAULT_MAX_ITEMS_PER_TYPE,
        DEFAULT_MAX_RESPONSE_BYTES,
        Duration.ofMinutes(10),
        Duration.ofSeconds(5));
  }

  /**
   * Defaults for production: a slow source costs at most about 3 × 10 s per call before the request
   * is told.
   */
  public static FhirRestSettings defaults() {
    return new FhirRestSettings(
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        3,
        Duration.ofMillis(250),
        10,
        50f,
        Duration.ofSeconds(30),
        1_000);
  }

  public FhirRestSettings withPageSize(int value) {
    return new FhirRestSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        breakerWindow,
        breakerFailureRate,
        breakerOpenFor,
        maxPages,
        value,
        maxItemsPerType,
        maxResponseBytes,
        capabilityCacheTtl,
        maxRetryAfter);
  }

  public FhirRestSettings withMaxItemsPerType(int value) {
    return new FhirRestSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        breakerWindow,
        breakerFailureRate,
        breakerOpenFor,
        maxPages,
        pageSize,
        value,
        maxResponseBytes,
        capabilityCacheTtl,
        maxRetryAfter);
  }

  public FhirRestSettings withMaxResponseBytes(long value) {
    return new FhirRestSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        breakerWindow,
        breakerFailureRate,
        breakerOpenFor,
        maxPages,
        pageSize,
        maxItemsPerType,
        value,
        capabilityCacheTtl,
        maxRetryAfter);
  }

  public FhirRestSettings withCapabilityCacheTtl(Duration value) {
    return new FhirRestSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        breakerWindow,
        breakerFailureRate,
        breakerOpenFor,
        maxPages,
        pageSize,
        maxItemsPerType,
        maxResponseBytes,
        value,
        maxRetryAfter);
  }

  public FhirRestSettings withMaxRetryAfter(Duration value) {
    return new FhirRestSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        initialBackoff,
        breakerWindow,
        breakerFailureRate,
        breakerOpenFor,
        maxPages,
        pageSize,
        maxItemsPerType,
        maxResponseBytes,
        capabilityCacheTtl,
        value);
  }
}
