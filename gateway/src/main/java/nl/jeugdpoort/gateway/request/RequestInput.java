package nl.jeugdpoort.gateway.request;

/**
 * The bounds every front applies to what a person types into a request, a consent or a review (the
 * FHIR translator and the portal's forms alike), so that one input is judged the same whichever
 * door it came in by.
 */
public final class RequestInput {
  /** The longest text an input may hold (the database columns hold 4000 characters). */
  public static final int MAX_TEXT = 4000;

  private RequestInput() {}

  /**
   * True for characters below U+0020 other than tab, line feed and carriage return, and for U+007F.
   */
  public static boolean hasControlCharacters(String text) {
    return text.chars()
        .anyMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f);
  }

  /**
   * True when {@code text} is absent or within the bounds: not longer than {@link #MAX_TEXT}, no
   * control characters.
   */
  public static boolean acceptable(String text) {
    return text == null || (text.length() <= MAX_TEXT && !hasControlCharacters(text));
  }
}
