package nl.jeugdpoort.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The family texts of E2 (erasure confirmed) and B1 (a breach with a high risk), read as a family
 * would (PlainDutch).
 */
class LifecycleTextsTest {
  private static final LifecycleTexts TEXTS = new LifecycleTexts(new TextTemplates());
  private static final LifecycleTexts.Reader MOTHER =
      new LifecycleTexts.Reader("Sanne Jansen", false, "Thijs");
  private static final LifecycleTexts.Reader YOUTH =
      new LifecycleTexts.Reader("Noor de Vries", true, "Noor");

  /** 23:30 UTC on 14 December is 15 December in Amsterdam. */
  private static final Instant LATE = Instant.parse("2026-12-14T23:30:00Z");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"C3", "E1", "V5"})
  void erasure_confirmed_names_every_recipient_who_confirmed_and_when(String why) {
    List<LifecycleTexts.Confirmation> confirmed =
        List.of(
            new LifecycleTexts.Confirmation("Jeugd-GGZ De Linde", "Bram Visser", LATE),
            new LifecycleTexts.Confirmation(
                "Wijkteam Noord", "Anna de Boer", Instant.parse("2026-12-02T09:00:00Z")));
    TextTemplates.Message m = TEXTS.erasureConfirmed(MOTHER, why, confirmed);
    PlainDutch.check(m.subject() + "\n" + m.body()).mentions("Thijs").assertPlain();
    assertThat(m.body())
        .contains("Beste Sanne Jansen")
        .contains("Jeugd-GGZ De Linde: verwijderd. Bevestigd door Bram Visser op 15 december 2026.")
        .contains("Wijkteam Noord: verwijderd. Bevestigd door Anna de Boer op 2 december 2026.")
        .contains("U hoeft hier niets voor te doen.");
    assertThat(m.body())
        .contains(
            switch (why) {
              case "C3" -> "toestemming";
              case "E1" -> "bewaard";
              default -> "video-opnames";
            });
  }

  @Test
  void the_youth_is_addressed_as_je() {
    TextTemplates.Message m =
        TEXTS.erasureConfirmed(
            YOUTH,
            "C3",
            List.of(new LifecycleTexts.Confirmation("Wijkteam Noord", "Anna de Boer", LATE)));
    PlainDutch.check(m.subject() + "\n" + m.body()).mentions("Noor").assertPlain();
    assertThat(m.subject()).contains("over jou");
    assertThat(m.body()).contains("Je hoeft hier niets voor te doen.").doesNotContain(" u ");
  }

  @Test
  void the_timeline_sentences_say_sent_confirmed_and_deleted_in_dutch_dates() {
    assertThat(LifecycleTexts.erasureStatus("Jeugd-GGZ De Linde", LATE, null, null))
        .isEqualTo(
            "Verwijderverzoek verstuurd aan Jeugd-GGZ De Linde op 15 december 2026. Nog niet bevestigd.");
    assertThat(
            LifecycleTexts.erasureStatus(
                "Jeugd-GGZ De Linde",
                LATE,
                "Bram Visser van Jeugd-GGZ De Linde",
                Instant.parse("2026-12-16T10:00:00Z")))
        .endsWith("Bevestigd door Bram Visser van Jeugd-GGZ De Linde op 16 december 2026.");
    assertThat(LifecycleTexts.retention(LATE, Instant.parse("2026-12-16T10:00:00Z")))
        .isEqualTo("Bewaard tot 15 december 2026 — verwijderd op 16 december 2026.");
    PlainDutch.check(LifecycleTexts.retention(LATE, null)).assertPlain();
  }

  @Test
  void a_breach_with_a_high_risk_tells_what_happened_which_data_and_what_to_do() {
    TextTemplates.Message m =
        TEXTS.breachHighRisk(
            MOTHER,
            LATE,
            "Een laptop van een medewerker is gestolen.",
            List.of("Plan van aanpak", "Zorgen over veiligheid"),
            "Wij hebben de toegang van de laptop geblokkeerd.",
            "Jeugd-GGZ De Linde");
    PlainDutch.check(m.subject() + "\n" + m.body()).mentions("Thijs").assertPlain();
    assertThat(m.body())
        .contains("Op 15 december 2026 is ontdekt")
        .contains("- Plan van aanpak")
        .contains("privacyfunctionaris van Jeugd-GGZ De Linde")
        .contains("Wat kunt u zelf doen?");
  }
}
