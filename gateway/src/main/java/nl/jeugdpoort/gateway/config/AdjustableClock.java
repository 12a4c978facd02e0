package nl.jeugdpoort.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's one clock when {@code jeugdpoort.clock.adjustable=true} (tests only, refused
 * without the demo): the system clock plus an offset that an administrator moves forward ({@code
 * POST /api/admin/clock}), so that retention ends (E1), trajectory ends (V5), erasure deadlines
 * (E2), breach deadlines (B1) and objection windows (N3) are tested by moving time instead of
 * editing rows. Time never goes back: what happened stays in the past. The offset lives in this
 * member only (a cluster's members each keep their own).
 */
public final class AdjustableClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset;

  public AdjustableClock(Clock base) {
    this(base, new AtomicReference<>(Duration.ZERO));
  }

  private AdjustableClock(Clock base, AtomicReference<Duration> offset) {
    this.base = base;
    this.offset = offset;
  }

  /** Moves time forward by {@code by} (positive); returns the new now. */
  public Instant advance(Duration by) {
    if (by == null || by.isNegative() || by.isZero()) {
      throw new IllegalArgumentException("time only moves forward: give a positive duration");
    }
    offset.accumulateAndGet(by, Duration::plus);
    return instant();
  }

  /** How far this clock is ahead of the system clock. */
  public Duration offset() {
    return offset.get();
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new AdjustableClock(base.withZone(zone), offset);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }
}
