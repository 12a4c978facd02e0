package nl.jeugdpoort.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.policy.Person;
import org.junit.jupiter.api.Test;

class DutchTest {
  @Test
  void an_instant_is_shown_as_the_day_and_time_in_amsterdam() {
    Instant lateEvening = Instant.parse("2026-12-14T23:30:00Z");
    assertThat(Dutch.date(lateEvening)).isEqualTo("15 december 2026");
    assertThat(Dutch.dateTime(lateEvening)).isEqualTo("15 december 2026 om 00:30");
    // Summer time: UTC+2.
    assertThat(Dutch.dateTime(Instant.parse("2026-07-01T12:05:00Z")))
        .isEqualTo("1 juli 2026 om 14:05");
    assertThat(Dutch.day(lateEvening)).isEqualTo(LocalDate.of(2026, 12, 15));
  }

  @Test
  void a_local_date_is_never_shifted() {
    assertThat(Dutch.date(LocalDate.of(2026, 12, 15))).isEqualTo("15 december 2026");
    assertThat(Dutch.date(LocalDate.of(2027, 3, 1))).isEqualTo("1 maart 2027");
    assertThat(Dutch.date((LocalDate) null)).isEmpty();
  }

  @Test
  void age_counts_whole_years_and_29_february_turns_older_on_1_march() {
    LocalDate leap = LocalDate.of(2012, 2, 29);
    assertThat(Dutch.age(leap, LocalDate.of(2026, 2, 28))).isEqualTo(13);
    assertThat(Dutch.age(leap, LocalDate.of(2026, 3, 1))).isEqualTo(14);
    assertThat(Dutch.ageText(LocalDate.of(2016, 5, 2), LocalDate.of(2026, 12, 1)))
        .isEqualTo("10 jaar");
  }

  @Test
  void names_lists_and_sentence_starts() {
    assertThat(Dutch.firstName("Thijs de Vries")).isEqualTo("Thijs");
    assertThat(Dutch.firstName("  ")).isEmpty();
    assertThat(Dutch.list(List.of("a"))).isEqualTo("a");
    assertThat(Dutch.list(List.of("a", "b"))).isEqualTo("a en b");
    assertThat(Dutch.list(List.of("a", "b", "c"))).isEqualTo("a, b en c");
    assertThat(Dutch.capitalise("de vader van Thijs")).isEqualTo("De vader van Thijs");
  }

  @Test
  void family_roles_as_the_family_says_them() {
    assertThat(
            FamilyRole.fromCodes(
                    List.of("MTH", "authority-holder"), Person.Relation.AUTHORITY_HOLDER)
                .of("Thijs"))
        .isEqualTo("de moeder van Thijs");
    assertThat(FamilyRole.fromCodes(List.of("FTH"), Person.Relation.AUTHORITY_HOLDER))
        .isEqualTo(FamilyRole.FATHER);
    assertThat(FamilyRole.fromCodes(List.of("court-guardian"), Person.Relation.AUTHORITY_HOLDER))
        .isEqualTo(FamilyRole.GUARDIAN);
    assertThat(FamilyRole.fromCodes(List.of("curator"), Person.Relation.REPRESENTATIVE))
        .isEqualTo(FamilyRole.CURATOR);
    assertThat(FamilyRole.fromCodes(List.of(), Person.Relation.AUTHORITY_HOLDER))
        .isEqualTo(FamilyRole.PARENT);
    assertThat(FamilyRole.fromCodes(List.of("MTH"), Person.Relation.YOUTH).of("Thijs"))
        .isEqualTo("Thijs");
  }

  @Test
  void a_template_renders_with_the_helpers_and_is_tidied() {
    TextTemplates templates = new TextTemplates();
    Map<String, Object> model = new HashMap<>();
    model.put("child", "Thijs");
    model.put("name", "Sanne");
    model.put("day", LocalDate.of(2026, 12, 15));
    model.put("at", Instant.parse("2026-12-14T23:30:00Z"));
    model.put("items", List.of("het plan", "de signalen"));
    TextTemplates.Message m = templates.message("test/sample", model);
    assertThat(m.subject()).isEqualTo("Bericht over Thijs");
    assertThat(m.body())
        .isEqualTo(
            "Hallo Sanne,\n\nOp 15 december 2026 om precies 15 december 2026 om 00:30.\n\n"
                + "- het plan\n- de signalen\n\nTot ziens.");
    model.put("day", null);
    assertThat(templates.render("test/sample", model)).doesNotContain("Op ");
    assertThatThrownBy(() -> templates.render("test/missing", model))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void plain_dutch_catches_what_families_must_not_read() {
    PlainDutch.check("Thijs krijgt bericht op 15 december 2026.").mentions("Thijs").assertPlain();
    for (String bad :
        List.of(
            "Dit is geweigerd (O1).",
            "Uiterlijk op 2026-12-15T20:09:56.114297214Z.",
            "Kijk op https://example.org/fhir/Task/1.",
            "Het FHIR-bestand (JSON).",
            "De waarde is null.",
            "Your request was refused.",
            "Dit is een zin met veel te veel woorden want hij gaat maar door en door en door en door en door zonder punt.")) {
      assertThatThrownBy(() -> PlainDutch.check(bad).assertPlain())
          .as(bad)
          .isInstanceOf(AssertionError.class);
    }
    PlainDutch.check("Bekijk het op https://portaal.example/portal/#verzoek-1 of bel ons.")
        .allowUrl("https://portaal.example/portal/#verzoek-1")
        .assertPlain();
  }
}
