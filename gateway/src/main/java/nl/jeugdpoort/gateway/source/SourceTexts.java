package nl.jeugdpoort.gateway.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * Plain-Dutch sentences about what a source did not deliver, for the status the requester and
 * family read.
 */
public final class SourceTexts {
  private SourceTexts() {}

  /** One sentence per incomplete category; empty when the source delivered everything. */
  public static String incomplete(SourceReport report, PurposeCatalogue catalogue) {
    List<String> sentences = new ArrayList<>();
    for (SourceReport.CategoryResult c : report.categories()) {
      String name = catalogue.categoryDisplay(c.category()).toLowerCase(Locale.ROOT);
      if (!c.offered()) {
        sentences.add(
            "De bron levert geen " + name + " via Jeugdpoort; die zijn dus niet gedeeld.");
      } else if (c.truncated()) {
        sentences.add(
            "Van "
                + name
                + " zijn er "
                + c.released()
                + " gedeeld"
                + (c.reported() >= 0 ? " van de " + c.reported() + " die de bron heeft" : "")
                + ": er mogen er niet meer in één keer worden opgehaald.");
      }
      if (c.notAboutYouth() > 0) {
        sentences.add(
            "Bij "
                + name
                + " gaf de bron "
                + c.notAboutYouth()
                + (c.notAboutYouth() == 1 ? " gegeven" : " gegevens")
                + " over iemand anders; die zijn niet gedeeld.");
      }
    }
    return String.join(" ", sentences);
  }
}
