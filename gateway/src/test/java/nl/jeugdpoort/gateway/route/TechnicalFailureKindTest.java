package nl.jeugdpoort.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import nl.jeugdpoort.gateway.flow.TechnicalFailure;
import nl.jeugdpoort.gateway.flow.TechnicalFailure.Kind;
import nl.jeugdpoort.gateway.request.LostClaim;
import org.junit.jupiter.api.Test;

/** What an exception in a step means for the request (RouteErrorHandling → TechnicalFailure). */
class TechnicalFailureKindTest {
  @Test
  void another_worker_holding_or_having_moved_the_request_only_stops_the_pass() {
    assertThat(TechnicalFailure.kind(new LostClaim("r", "w"))).isEqualTo(Kind.LOST_CLAIM);
    assertThat(
            TechnicalFailure.kind(new PersistenceException(new OptimisticLockException("stale"))))
        .isEqualTo(Kind.LOST_CLAIM);
    assertThat(
            TechnicalFailure.kind(
                new PersistenceException(
                    new SQLException(
                        "duplicate key value violates unique constraint \"release_record_one_per_request\"",
                        "23505"))))
        .isEqualTo(Kind.LOST_CLAIM);
  }

  @Test
  void a_database_out_of_reach_is_passing_and_the_request_is_tried_again() {
    assertThat(
            TechnicalFailure.kind(
                new PersistenceException(new SQLTransientConnectionException("pool timeout"))))
        .isEqualTo(Kind.PASSING);
    assertThat(
            TechnicalFailure.kind(
                new RuntimeException(new SQLException("connection refused", "08001"))))
        .isEqualTo(Kind.PASSING);
    assertThat(
            TechnicalFailure.kind(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isEqualTo(Kind.PASSING);
    assertThat(
            TechnicalFailure.kind(
                new jakarta.persistence.RollbackException(
                    org.eclipse.persistence.exceptions.DatabaseException.sqlException(
                        new SQLException("I/O error", "08006")))))
        .as("through EclipseLink's wrapper")
        .isEqualTo(Kind.PASSING);
  }

  @Test
  void anything_else_is_a_bug_that_ends_the_request() {
    assertThat(TechnicalFailure.kind(new IllegalStateException("bug"))).isEqualTo(Kind.BUG);
    assertThat(TechnicalFailure.kind(new SQLException("other unique", "23505")))
        .isEqualTo(Kind.BUG);
    assertThat(TechnicalFailure.kind(null)).isEqualTo(Kind.BUG);
  }
}
