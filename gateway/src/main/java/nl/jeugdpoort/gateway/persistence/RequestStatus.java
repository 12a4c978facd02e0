package nl.jeugdpoort.gateway.persistence;

/**
 * Where a data request stands. {@link #taskStatus()} is the FHIR Task.status code; the enum name,
 * in kebab case, is the Task.businessStatus code (CodeSystem {@code request-status}).
 */
public enum RequestStatus {
  RECEIVED("requested", "Ontvangen"),
  WAITING_FOR_NOTICE("accepted", "Wacht op bericht aan de familie"),
  FETCHING("in-progress", "Gegevens worden opgehaald"),
  HELD_OBJECTION_WINDOW("on-hold", "Wacht: de familie kan nog bezwaar maken"),
  RELEASED("completed", "Gedeeld"),
  PARTIALLY_RELEASED("completed", "Gedeeltelijk gedeeld"),
  REFUSED("rejected", "Geweigerd"),
  SOURCE_REFUSED("rejected", "Geweigerd door de bron"),
  UNKNOWN_YOUTH("rejected", "Jongere onbekend bij de bron"),
  AMBIGUOUS_YOUTH("rejected", "Jongere niet eenduidig bij de bron"),
  SOURCE_ACCESS_DENIED("failed", "Bron laat Jeugdpoort niet toe"),
  SOURCE_UNSUPPORTED("failed", "Bron biedt dit niet aan"),
  SOURCE_BAD_ANSWER("failed", "Onbruikbaar antwoord van de bron"),
  SOURCE_UNAVAILABLE("failed", "Bron niet bereikbaar"),
  TECHNICAL_FAILURE("failed", "Technische fout");

  private final String taskStatus;
  private final String dutch;

  RequestStatus(String taskStatus, String dutch) {
    this.taskStatus = taskStatus;
    this.dutch = dutch;
  }

  public String taskStatus() {
    return taskStatus;
  }

  public String dutch() {
    return dutch;
  }

  public String code() {
    return name().toLowerCase().replace('_', '-');
  }

  /**
   * The rule an end without a decision rests on, for {@code Task.statusReason}: C5 when the source
   * knows no youth or several for the BSN, P6 when it refused on its own professional grounds;
   * otherwise null.
   */
  public String ruleId() {
    return switch (this) {
      case UNKNOWN_YOUTH, AMBIGUOUS_YOUTH -> "C5";
      case SOURCE_REFUSED -> "P6";
      default -> null;
    };
  }

  /** True when the request will not change any more. */
  public boolean isFinal() {
    return switch (this) {
      case RELEASED,
          PARTIALLY_RELEASED,
          REFUSED,
          SOURCE_REFUSED,
          UNKNOWN_YOUTH,
          AMBIGUOUS_YOUTH,
          SOURCE_ACCESS_DENIED,
          SOURCE_UNSUPPORTED,
          SOURCE_BAD_ANSWER,
          SOURCE_UNAVAILABLE,
          TECHNICAL_FAILURE ->
          true;
      default -> false;
    };
  }
}
