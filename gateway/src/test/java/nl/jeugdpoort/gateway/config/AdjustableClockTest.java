package nl.jeugdpoort.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AdjustableClockTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void moves_forward_by_the_duration_and_keeps_the_offset_on_a_copy_in_another_zone() {
    AdjustableClock clock = new AdjustableClock(Clock.fixed(T0, ZoneOffset.UTC));
    assertEquals(T0.plus(Duration.ofDays(181)), clock.advance(Duration.ofDays(181)));
    assertEquals(T0.plus(Duration.ofDays(181)), clock.instant());
    Clock dutch = clock.withZone(GatewayProducers.ZONE);
    clock.advance(Duration.ofHours(72));
    assertEquals(T0.plus(Duration.ofDays(184)), dutch.instant());
    assertEquals(Duration.ofDays(184), clock.offset());
  }

  @Test
  void time_never_goes_back() {
    AdjustableClock clock = new AdjustableClock(Clock.fixed(T0, ZoneOffset.UTC));
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofDays(-1)));
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ZERO));
    assertEquals(T0, clock.instant());
  }

  @Test
  void the_system_clock_by_default_and_the_adjustable_one_refused_without_the_demo() {
    assertFalse(GatewayProducers.clockFor(false, true) instanceof AdjustableClock);
    assertFalse(GatewayProducers.clockFor(false, false) instanceof AdjustableClock);
    assertInstanceOf(AdjustableClock.class, GatewayProducers.clockFor(true, true));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> GatewayProducers.clockFor(true, false));
    assertTrue(refused.getMessage().contains("jeugdpoort.clock.adjustable"));
  }
}
