package nl.jeugdpoort.gateway.request;

/**
 * What a caller may not see, told the same way whether it does not exist or is not theirs (no
 * existence oracle). The reason is in the audit log, never in the exception; the FHIR front answers
 * it with its one 404 body, the portal with its "niet gevonden" page.
 */
public final class NotVisible extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotVisible() {
    super("not found", null, false, false);
  }
}
