package nl.jeugdpoort.gateway.request;

/**
 * This worker no longer holds the request: its lease ran out and another worker claimed it, or the
 * request moved on (final, or changed by the outbox). The pass stops without writing; whoever holds
 * the request now continues it. Not a failure of the request.
 */
public class LostClaim extends RuntimeException {
  public LostClaim(String requestId, String worker) {
    super("data request " + requestId + " is no longer claimed by " + worker);
  }
}
