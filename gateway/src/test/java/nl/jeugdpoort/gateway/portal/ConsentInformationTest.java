package nl.jeugdpoort.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The information texts shown before consent (C1), by version and audience. */
class ConsentInformationTest {
  private static List<String> text(String version) {
    return ConsentInformation.text(
            version,
            "Jeugdbescherming Horizon",
            "Afstemming van hulp",
            "Hulpverleners stemmen af wie wat doet.",
            "Plan van aanpak")
        .orElseThrow();
  }

  @Test
  void the_youth_reads_a_text_addressed_to_the_youth_and_a_parent_one_addressed_to_a_parent() {
    String youth = String.join(" ", text(ConsentInformation.current(true)));
    String parent = String.join(" ", text(ConsentInformation.current(false)));
    assertThat(ConsentInformation.current(true))
        .isEqualTo(ConsentInformation.YOUTH)
        .isNotEqualTo(ConsentInformation.PARENTS);
    assertThat(youth)
        .contains("gegevens over u opvragen")
        .contains("Bent u 16 jaar of ouder? Dan beslist u zelf.")
        .doesNotContainIgnoringCase("uw kind");
    assertThat(parent)
        .contains("gegevens over uw kind opvragen")
        .contains("Vanaf 16 jaar beslist uw kind zelf.");
  }

  @Test
  void both_texts_say_what_happens_to_data_already_shared_and_carry_no_rule_ids() {
    for (String version : List.of(ConsentInformation.PARENTS, ConsentInformation.YOUTH)) {
      List<String> paragraphs = text(version);
      assertThat(String.join(" ", paragraphs))
          .contains("Wat al gedeeld is, blijft bij de organisatie die het kreeg.")
          .doesNotContainPattern("\\b[A-Z][0-9]\\b")
          .doesNotContain("null")
          .doesNotContain("http");
    }
  }

  @Test
  void a_published_version_stays_readable_and_an_unknown_one_has_no_text() {
    assertThat(text(ConsentInformation.VERSION_1)).anyMatch(p -> p.startsWith("Tot uw kind 12 is"));
    assertThat(
            ConsentInformation.text(
                "https://jeugdpoort.nl/fhir/information-text/consent/9", "a", "b", "c", "d"))
        .isEmpty();
  }
}
