package nl.jeugdpoort.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The allowed moves of a data request (#15.1), and the entity refusing every other. */
class RequestLifecycleTest {
  private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

  @ParameterizedTest
  @EnumSource(RequestStatus.class)
  void a_status_is_final_exactly_when_it_has_no_way_out(RequestStatus s) {
    assertThat(RequestLifecycle.next(s).isEmpty()).isEqualTo(s.isFinal());
  }

  @Test
  void every_status_is_reachable_from_received() {
    Set<RequestStatus> seen = EnumSet.of(RequestStatus.RECEIVED);
    Deque<RequestStatus> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      for (RequestStatus next : RequestLifecycle.next(todo.pop())) {
        if (seen.add(next)) {
          todo.push(next);
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(RequestStatus.values());
  }

  @Test
  void nothing_is_fetched_without_passing_the_notice_step_and_a_hold_only_comes_after_the_notice() {
    assertThat(RequestLifecycle.allows(RequestStatus.RECEIVED, RequestStatus.FETCHING)).isFalse();
    assertThat(RequestLifecycle.allows(RequestStatus.RECEIVED, RequestStatus.HELD_OBJECTION_WINDOW))
        .isFalse();
    assertThat(
            RequestLifecycle.allows(
                RequestStatus.WAITING_FOR_NOTICE, RequestStatus.HELD_OBJECTION_WINDOW))
        .isTrue();
    assertThat(RequestLifecycle.allows(RequestStatus.HELD_OBJECTION_WINDOW, RequestStatus.RELEASED))
        .isFalse();
    assertThat(RequestLifecycle.allows(RequestStatus.FETCHING, RequestStatus.WAITING_FOR_NOTICE))
        .isFalse();
  }

  @Test
  void the_entity_refuses_a_move_the_table_does_not_allow_and_keeps_its_status() {
    DataRequestEntity r = request();
    assertThatThrownBy(() -> r.moveTo(RequestStatus.FETCHING, null, T))
        .isInstanceOf(RequestLifecycle.IllegalMove.class)
        .hasMessageContaining("received")
        .hasMessageContaining("fetching");
    assertThat(r.businessStatus()).isEqualTo(RequestStatus.RECEIVED);
    r.moveTo(RequestStatus.WAITING_FOR_NOTICE, null, T);
    r.moveTo(RequestStatus.FETCHING, null, T);
    r.moveTo(RequestStatus.RELEASED, "Gedeeld", T);
    for (RequestStatus next : RequestStatus.values()) {
      assertThatThrownBy(() -> r.moveTo(next, null, T))
          .isInstanceOf(RequestLifecycle.IllegalMove.class);
    }
    assertThat(r.businessStatus()).isEqualTo(RequestStatus.RELEASED);
  }

  @Test
  void a_new_request_is_due_a_final_one_is_not_and_a_hold_is_due_when_its_window_ends() {
    DataRequestEntity r = request();
    assertThat(r.dueAt()).isEqualTo(T);
    r.moveTo(RequestStatus.WAITING_FOR_NOTICE, null, T);
    r.awaitEvent();
    assertThat(r.dueAt()).isNull();
    r.dueNow(T.plusSeconds(5));
    assertThat(r.dueAt()).isEqualTo(T.plusSeconds(5));
    r.moveTo(RequestStatus.FETCHING, null, T);
    Instant windowEnd = T.plusSeconds(3600);
    r.recordDecision("{}", false, windowEnd);
    r.moveTo(RequestStatus.HELD_OBJECTION_WINDOW, null, T);
    assertThat(r.dueAt()).isEqualTo(windowEnd);
    r.moveTo(RequestStatus.FETCHING, null, windowEnd);
    r.moveTo(RequestStatus.REFUSED, null, windowEnd);
    assertThat(r.dueAt()).isNull();
    r.dueNow(windowEnd);
    assertThat(r.dueAt()).as("a final request is never due again").isNull();
  }

  private static DataRequestEntity request() {
    return new DataRequestEntity(
        "r1",
        T,
        "anna",
        "Anna",
        "neighbourhood-team-worker",
        "org",
        "111222333",
        "org",
        "care-coordination",
        "uitleg",
        Set.of("care-plan"),
        "consent",
        null,
        null);
  }
}
