package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.LostClaim;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.request.RequestWork;
import org.apache.camel.Exchange;

/**
 * What a step's exception means for its request; logs the request id and the exception, no personal
 * data.
 *
 * <ul>
 *   <li>another worker holds or moved the request ({@link LostClaim}, an optimistic-lock conflict,
 *       the unique release refusing a second one): this pass stops, nothing is written, the holder
 *       goes on;
 *   <li>the database could not be reached or the transaction was aborted for a passing reason
 *       (connection problem, serialisation failure, deadlock): the request is due again after a
 *       back-off — if even that write fails, its lease runs out and it is due anyway;
 *   <li>anything else is a bug: the request ends {@code technical-failure} with an audit entry
 *       (never half released: each step writes in one transaction).
 * </ul>
 */
@ApplicationScoped
public class TechnicalFailure {
  /** The requester's words for a technical failure. */
  static final String FAMILY_TEXT =
      "Er ging iets mis in Jeugdpoort. Er is niets gedeeld. Probeer het later opnieuw of neem contact op met de beheerder.";

  private static final Logger LOG = Logger.getLogger(TechnicalFailure.class.getName());

  /** What an exception in a step means. */
  public enum Kind {
    LOST_CLAIM,
    PASSING,
    BUG
  }

  @Inject RequestStore store;
  @Inject RequestWork work;

  public void record(Exchange exchange) {
    Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    Object body = exchange.getIn().getBody();
    String id = body instanceof RequestContext ctx ? ctx.requestId() : String.valueOf(body);
    String worker = body instanceof RequestContext ctx ? ctx.worker() : work.owner();
    Kind kind = kind(cause);
    switch (kind) {
      case LOST_CLAIM ->
          LOG.info(
              "data request "
                  + id
                  + ": another worker holds it; this pass stops ("
                  + (cause == null ? "" : cause.getClass().getSimpleName())
                  + ")");
      case PASSING -> {
        LOG.log(
            Level.WARNING,
            "data request " + id + " could not go on for a passing reason; tried again later",
            cause);
        try {
          DataRequestEntity r = store.load(id);
          work.retryLater(id, r == null ? 1 : r.attempts());
        } catch (RuntimeException stillDown) {
          LOG.warning(
              "data request "
                  + id
                  + ": retry not recorded ("
                  + stillDown.getClass().getSimpleName()
                  + "); its lease runs out and it is due again");
        }
      }
      case BUG -> {
        LOG.log(Level.SEVERE, "data request " + id + " failed in the route", cause);
        DataRequestEntity r = store.load(id);
        if (r == null || r.businessStatus().isFinal()) {
          return;
        }
        try {
          store.move(
              id,
              worker,
              RequestStatus.TECHNICAL_FAILURE,
              FAMILY_TEXT,
              null,
              RequestAudit.step(r, "E", "technical-failure", "failure")
                  .withDetail(cause == null ? "unknown" : cause.getClass().getSimpleName()));
        } catch (LostClaim lost) {
          LOG.info(
              "data request "
                  + id
                  + ": another worker holds it; its failure is not recorded by this one");
        }
      }
    }
  }

  /** Sorts an exception of a step (see the class comment). */
  public static Kind kind(Throwable error) {
    for (Throwable t = error; t != null; t = next(t)) {
      if (t instanceof LostClaim
          || t instanceof OptimisticLockException
          || t instanceof org.eclipse.persistence.exceptions.OptimisticLockException) {
        return Kind.LOST_CLAIM;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("23")
          && String.valueOf(sql.getMessage())
              .toLowerCase(java.util.Locale.ROOT)
              .contains("release_record_one_per_request")) {
        return Kind.LOST_CLAIM; // a second release for the request: another worker released it
      }
      if (t instanceof RequestWork.WorkStoreUnavailable
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException) {
        return Kind.PASSING;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08")
              || sql.getSQLState().equals("40001")
              || sql.getSQLState().equals("40P01")
              || sql.getSQLState().equals("57P01")
              || sql.getSQLState().equals("57P03"))) {
        return Kind.PASSING;
      }
    }
    return Kind.BUG;
  }

  /** The cause of {@code t}; for EclipseLink's exceptions the JDBC exception they wrap. */
  private static Throwable next(Throwable t) {
    Throwable cause =
        t instanceof org.eclipse.persistence.exceptions.EclipseLinkException e
                && e.getInternalException() != null
            ? e.getInternalException()
            : t.getCause();
    return cause == t ? null : cause;
  }
}
