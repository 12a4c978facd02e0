package nl.jeugdpoort.gateway.text;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The family texts of a release's life after it went out: the erasure at every recipient confirmed
 * (E2, V5), and a breach that may have exposed their data (B1; AVG art. 34). Plain Dutch at B1, no
 * rule ids, the reader as "u" or, for the youth, "je" (templates {@code
 * text/erasure/confirmed.txt}, {@code text/breach/high-risk.txt}).
 */
@ApplicationScoped
public class LifecycleTexts {
  private static final Map<String, String> U =
      Map.of("U", "U", "u", "u", "kunt", "kunt u", "Heeft", "Heeft u");
  private static final Map<String, String> JE =
      Map.of("U", "Je", "u", "je", "kunt", "kun je", "Heeft", "Heb je");

  @Inject TextTemplates templates;

  public LifecycleTexts() {}

  /** For tests: texts without CDI. */
  public LifecycleTexts(TextTemplates templates) {
    this.templates = templates;
  }

  /** Who reads the text: their name, whether they are the youth, and the child's first name. */
  public record Reader(String name, boolean youth, String childFirstName) {
    String about() {
      return youth
          ? "jou"
          : childFirstName == null || childFirstName.isBlank() ? "uw kind" : childFirstName;
    }

    String greeting() {
      return youth ? childFirstName : name == null || name.isBlank() ? "ouder of verzorger" : name;
    }
  }

  /** One recipient's confirmation: organisation, who confirmed, when. */
  public record Confirmation(String organisation, String confirmedBy, Instant at) {
    String sentence() {
      return organisation
          + ": verwijderd. Bevestigd door "
          + confirmedBy
          + " op "
          + Dutch.date(at)
          + ".";
    }
  }

  /**
   * E2: every recipient confirmed the erasure.
   *
   * @param why C3 (consent withdrawn), E1 (retention ended) or V5 (the recording's trajectory
   *     ended)
   */
  public TextTemplates.Message erasureConfirmed(
      Reader reader, String why, List<Confirmation> confirmations) {
    Map<String, Object> m = base(reader);
    m.put("why", why);
    m.put("confirmations", confirmations.stream().map(Confirmation::sentence).toList());
    return templates.message("erasure/confirmed", m);
  }

  /**
   * The family's sentence on the timeline, per release: "Verwijderverzoek verstuurd op …" / "…
   * bevestigd door … op …".
   */
  public static String erasureStatus(
      String recipient, Instant sentAt, String confirmedBy, Instant confirmedAt) {
    return confirmedAt == null
        ? "Verwijderverzoek verstuurd aan "
            + recipient
            + " op "
            + Dutch.date(sentAt)
            + ". Nog niet bevestigd."
        : "Verwijderverzoek verstuurd aan "
            + recipient
            + " op "
            + Dutch.date(sentAt)
            + ". Bevestigd door "
            + confirmedBy
            + " op "
            + Dutch.date(confirmedAt)
            + ".";
  }

  /** E1 on the timeline: "Bewaard tot 1 juni 2027 — verwijderd op 2 juni 2027." */
  public static String retention(Instant retentionEnd, Instant erasedAt) {
    return erasedAt == null
        ? "Bewaard tot " + Dutch.date(retentionEnd) + "."
        : "Bewaard tot "
            + Dutch.date(retentionEnd)
            + " — verwijderd op "
            + Dutch.date(erasedAt)
            + ".";
  }

  /**
   * B1 (AVG art. 34): a breach with a high risk, told to an affected family.
   *
   * @param what what happened, in plain Dutch, as the privacy officer wrote it for families
   * @param measures what is being done, in plain Dutch
   */
  public TextTemplates.Message breachHighRisk(
      Reader reader,
      Instant discovered,
      String what,
      List<String> categories,
      String measures,
      String organisation) {
    Map<String, Object> m = base(reader);
    m.put("discovered", Dutch.date(discovered));
    m.put("what", what);
    m.put("categories", categories);
    m.put("measures", measures);
    m.put("organisation", organisation);
    return templates.message("breach/high-risk", m);
  }

  private static Map<String, Object> base(Reader reader) {
    Map<String, Object> m = new HashMap<>();
    m.put("about", reader.about());
    m.put("greeting", reader.greeting());
    m.put("w", reader.youth() ? JE : U);
    return m;
  }
}
