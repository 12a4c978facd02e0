package nl.jeugdpoort.gateway.flow;

import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import org.apache.camel.Exchange;

/** Ends a request whose step failed unexpectedly; logs the request id and the exception, no personal data. */
@ApplicationScoped
public class TechnicalFailure {
  private static final Logger LOG = Logger.getLogger(TechnicalFailure.class.getName());
  @Inject RequestStore store;

  public void record(Exchange exchange) {
    Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    Object body = exchange.getIn().getBody();
    String id = body instanceof RequestContext ctx ? ctx.requestId() : String.valueOf(body);
    LOG.log(Level.SEVERE, "data request " + id + " failed in the route", cause);
    DataRequestEntity r = store.load(id);
    if (r == null || r.businessStatus().isFinal()) {
      return;
    }
    store.move(id, RequestStatus.TECHNICAL_FAILURE,
        "Er ging iets mis in Jeugdpoort. Er is niets gedeeld. Probeer het later opnieuw of neem contact op met de beheerder.",
        null, RequestAudit.step(r, "E", "technical-failure", "failure")
            .withDetail(cause == null ? "unknown" : cause.getClass().getSimpleName()));
  }
}
