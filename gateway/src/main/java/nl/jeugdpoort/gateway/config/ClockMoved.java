package nl.jeugdpoort.gateway.config;

import java.time.Instant;

/**
 * A CDI event: the adjustable clock ({@link AdjustableClock}) was moved forward. Whatever runs on a
 * timer and depends on time (the retention sweep, erasure deadlines) observes it and runs at once,
 * so that a test that moves time sees the outcome without waiting for the next tick.
 *
 * @param now the new now
 */
public record ClockMoved(Instant now) {}
