package nl.jeugdpoort.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nl.jeugdpoort.gateway.text.NoticeTexts.Facts;
import nl.jeugdpoort.gateway.text.NoticeTexts.Objector;
import nl.jeugdpoort.gateway.text.NoticeTexts.Refusal;
import nl.jeugdpoort.gateway.text.NoticeTexts.Situation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every notice template (N1, N3, N2, O2, refusal) for every reader — the parent who
 * objected, the other parent, the youth of 12–15, the youth of 16 or older, a parent of a youth of
 * 16 or older, the representative — and checks each as a family would read it (PlainDutch), and
 * that each says what happened to this reader.
 */
class NoticeTextsTest {
  private static final NoticeTexts TEXTS = new NoticeTexts(new TextTemplates());
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
  private static final String LINK = "https://portaal.jeugdpoort.example/portal/#verzoek-6f1c2a";

  /** 23:30 UTC on 14 December is 00:30 on 15 December in Amsterdam. */
  private static final Instant WINDOW_END = Instant.parse("2026-12-14T23:30:00Z");

  private static final Instant RELEASED = Instant.parse("2026-12-01T13:05:00Z");

  record Reader(
      String label, String id, String name, FamilyRole role, String child, LocalDate birth) {}

  static final Reader MOTHER =
      new Reader(
          "moeder (bezwaar)",
          "RelatedPerson/c6-mother",
          "Sanne Jansen",
          FamilyRole.MOTHER,
          "Thijs",
          LocalDate.of(2016, 5, 2));
  static final Reader FATHER =
      new Reader(
          "vader (ander ouder)",
          "RelatedPerson/c6-father",
          "Mark Jansen",
          FamilyRole.FATHER,
          "Thijs",
          LocalDate.of(2016, 5, 2));
  static final Reader YOUTH_13 =
      new Reader(
          "jongere 13",
          "Patient/c7",
          "Noor de Vries",
          FamilyRole.YOUTH,
          "Noor",
          LocalDate.of(2013, 3, 10));
  static final Reader YOUTH_16 =
      new Reader(
          "jongere 16",
          "Patient/c8",
          "Daan Bakker",
          FamilyRole.YOUTH,
          "Daan",
          LocalDate.of(2010, 6, 1));
  static final Reader PARENT_OF_16 =
      new Reader(
          "ouder van 16-jarige",
          "RelatedPerson/c8-mother",
          null,
          FamilyRole.PARENT,
          "Daan",
          LocalDate.of(2010, 6, 1));
  static final Reader CURATOR =
      new Reader(
          "curator",
          "RelatedPerson/c9-curator",
          "Mr. P. de Boer",
          FamilyRole.CURATOR,
          "Lotte",
          LocalDate.of(2009, 1, 20));
  static final List<Reader> READERS =
      List.of(MOTHER, FATHER, YOUTH_13, YOUTH_16, PARENT_OF_16, CURATOR);

  /**
   * The mother of each reader's family objected (for the youth: their mother; for Thijs's parents:
   * Sanne).
   */
  static List<Objector> objectors(Reader r) {
    return List.of(
        new Objector(
            r == MOTHER || r == FATHER ? MOTHER.id() : "RelatedPerson/" + r.child() + "-mother",
            FamilyRole.MOTHER));
  }

  static Facts facts(
      Reader r,
      Situation s,
      boolean afterwards,
      Instant windowEnd,
      Instant releasedAt,
      Refusal refusal) {
    boolean legal = s == Situation.OVERRIDE || afterwards;
    return new Facts(
        s,
        r.id(),
        r.name(),
        r.role(),
        r.child(),
        r.birth(),
        TODAY,
        "Dirk Visser",
        "Raadsonderzoeker Raad voor de Kinderbescherming",
        "Raad voor de Kinderbescherming",
        "Wijkteam Noord",
        List.of(
            "Identificatie (naam, geboortedatum, BSN)",
            "Plan van aanpak",
            "Zorgen over veiligheid"),
        "Onderzoek door de Raad voor de Kinderbescherming",
        "De Raad voor de Kinderbescherming onderzoekt of een kinderbeschermingsmaatregel nodig is; de wet verplicht "
            + "hulpverleners om daarvoor gegevens te geven.",
        "Onderzoek op verzoek van de kinderrechter naar de veiligheid thuis, na een melding van school over blauwe plekken.",
        "wettelijke plicht",
        legal,
        legal
            ? "De rechter heeft de Raad opgedragen dit te onderzoeken; zonder het plan kan de Raad de veiligheid niet beoordelen."
            : null,
        afterwards,
        afterwards
            ? "Vooraf melden brengt het kind in gevaar: de melding gaat over een ouder."
            : null,
        windowEnd,
        releasedAt,
        s == Situation.OVERRIDE || refusal == Refusal.OBJECTION ? objectors(r) : List.of(),
        refusal,
        refusal == Refusal.RULES
            ? List.of("Voor dit doel is toestemming nodig van beide ouders. Die is er niet.")
            : List.of(),
        LINK);
  }

  record Case(String label, Facts facts) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Case> everyNotice() {
    List<Case> cases = new ArrayList<>();
    for (Reader r : READERS) {
      cases.add(
          new Case("N1 vooraf, " + r.label(), facts(r, Situation.BEFORE, false, null, null, null)));
      cases.add(
          new Case(
              "N3 bezwaartermijn, " + r.label(),
              facts(r, Situation.HELD, false, WINDOW_END, null, null)));
      cases.add(
          new Case(
              "N2 achteraf, gedeeld, " + r.label(),
              facts(r, Situation.AFTER, true, null, RELEASED, null)));
      cases.add(
          new Case(
              "N2 achteraf, nog niet klaar, " + r.label(),
              facts(r, Situation.AFTER, true, null, null, null)));
      cases.add(
          new Case(
              "O2 vooraf, " + r.label(), facts(r, Situation.OVERRIDE, false, null, null, null)));
      cases.add(
          new Case(
              "O2 met bezwaartermijn, " + r.label(),
              facts(r, Situation.OVERRIDE, false, WINDOW_END, null, null)));
      cases.add(
          new Case(
              "O2 achteraf, " + r.label(),
              facts(r, Situation.OVERRIDE, true, null, RELEASED, null)));
      for (Refusal why : Refusal.values()) {
        cases.add(
            new Case(
                "geweigerd (" + why + "), " + r.label(),
                facts(r, Situation.REFUSED, false, null, null, why)));
      }
      cases.add(
          new Case(
              "geweigerd na N2, " + r.label(),
              facts(r, Situation.REFUSED, true, null, null, Refusal.RULES)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyNotice")
  void every_notice_is_plain_dutch_for_its_reader(Case c) {
    TextTemplates.Message m = TEXTS.compose(c.facts());
    String all = m.subject() + "\n" + m.body();
    if (Boolean.getBoolean("notices.print")) { // to read them all: -Dnotices.print=true
      System.out.println("===== " + c + "\n" + all + "\n");
    }
    PlainDutch.check(all).allowUrl(LINK).mentions(c.facts().childFirstName()).assertPlain();
    assertThat(m.subject()).as("subject").isNotBlank().doesNotContain("\n").hasSizeLessThan(120);
    assertThat(m.body())
        .as("link to the request")
        .contains(LINK)
        .contains("Met vriendelijke groet,\nJeugdpoort");
    boolean youth = c.facts().recipientRole() == FamilyRole.YOUTH;
    if (youth) {
      assertThat(all)
          .as("the youth is addressed as 'je'")
          .doesNotContainPattern("\\b[Uu]\\b")
          .doesNotContain("uw ")
          .startsWith(m.subject())
          .contains("Beste " + c.facts().childFirstName() + ",");
    } else {
      assertThat(all)
          .as("an adult is addressed as 'u'")
          .doesNotContainPattern("\\b[Jj]e\\b|\\bjij\\b|\\bjou\\b");
    }
  }

  @Test
  void before_says_truthfully_that_the_data_goes_right_after_this_notice() {
    String body = body(facts(MOTHER, Situation.BEFORE, false, null, null, null));
    assertThat(body)
        .contains("Jeugdpoort deelt de gegevens direct na dit bericht.")
        .doesNotContain("pas iets gedeeld nadat")
        .contains(
            "Wie vraagt het: Dirk Visser (raadsonderzoeker Raad voor de Kinderbescherming).\nOrganisatie: Raad voor de Kinderbescherming.")
        .contains(
            "- Identificatie (naam, geboortedatum, BSN)\n- Plan van aanpak\n- Zorgen over veiligheid")
        .contains("Waarom dit mag: wettelijke plicht.")
        .contains("Bent u het er niet mee eens? Dan kunt u bezwaar maken in Jeugdpoort.")
        .contains("Wat al gedeeld is, blijft bij Raad voor de Kinderbescherming.");
  }

  @Test
  void held_gives_the_end_of_the_objection_window_as_a_day_in_amsterdam() {
    TextTemplates.Message m =
        TEXTS.compose(facts(MOTHER, Situation.HELD, false, WINDOW_END, null, null));
    assertThat(m.subject())
        .isEqualTo("Gegevens over Thijs: bezwaar maken kan tot 15 december 2026 om 00:30");
    assertThat(m.body())
        .contains("Jeugdpoort wacht met delen tot 15 december 2026 om 00:30.")
        .contains("Maakt u voor 15 december 2026 om 00:30 bezwaar? Dan deelt Jeugdpoort niets.")
        .doesNotContain("14 december");
  }

  @Test
  void held_with_an_overriding_basis_does_not_promise_that_an_objection_stops_it() {
    Facts legal = facts(MOTHER, Situation.OVERRIDE, false, WINDOW_END, null, null);
    Facts held =
        new Facts(
            Situation.HELD,
            legal.recipientId(),
            legal.recipientName(),
            legal.recipientRole(),
            legal.childFirstName(),
            legal.childBirthDate(),
            TODAY,
            legal.requesterName(),
            legal.requesterRole(),
            legal.requesterOrg(),
            legal.sourceOrg(),
            legal.categories(),
            legal.purpose(),
            legal.purposeDefinition(),
            legal.explanation(),
            legal.basis(),
            true,
            legal.motivation(),
            false,
            null,
            WINDOW_END,
            null,
            List.of(),
            null,
            List.of(),
            LINK);
    assertThat(body(held))
        .doesNotContain("Dan deelt Jeugdpoort niets")
        .contains("Daarom kan Jeugdpoort de gegevens na een bezwaar toch delen.");
  }

  @Test
  void the_override_tells_who_objected_to_each_reader() {
    TextTemplates.Message toMother =
        TEXTS.compose(facts(MOTHER, Situation.OVERRIDE, false, null, null, null));
    assertThat(toMother.subject())
        .isEqualTo(
            "Uw bezwaar is opzij gezet: gegevens over Thijs gaan toch naar Raad voor de Kinderbescherming");
    assertThat(toMother.body())
        .contains("U heeft bezwaar gemaakt.\nDat bezwaar is voor dit verzoek opzij gezet.")
        .contains("Hier is dat: wettelijke plicht.")
        .contains("Een privacyfunctionaris controleert of dit terecht is.")
        .contains("\"De rechter heeft de Raad opgedragen")
        .contains("Het bezwaar blijft gelden voor andere verzoeken.")
        .contains("Dien dan een klacht in bij Raad voor de Kinderbescherming.")
        .contains("Jeugdpoort deelt de gegevens direct na dit bericht.");
    TextTemplates.Message toFather =
        TEXTS.compose(facts(FATHER, Situation.OVERRIDE, false, null, null, null));
    assertThat(toFather.subject()).startsWith("Een bezwaar is opzij gezet:");
    assertThat(toFather.body())
        .contains("De moeder van Thijs heeft bezwaar gemaakt.")
        .doesNotContain("U heeft bezwaar gemaakt");
    assertThat(body(facts(YOUTH_13, Situation.OVERRIDE, false, null, null, null)))
        .contains("De moeder van Noor heeft bezwaar gemaakt.");
    Facts both =
        withObjectors(
            facts(FATHER, Situation.OVERRIDE, false, null, null, null),
            List.of(
                new Objector(MOTHER.id(), FamilyRole.MOTHER),
                new Objector(FATHER.id(), FamilyRole.FATHER)));
    assertThat(body(both)).contains("U en de moeder van Thijs hebben bezwaar gemaakt.");
    assertThat(
            body(
                withObjectors(
                    facts(FATHER, Situation.OVERRIDE, false, null, null, null),
                    List.of(new Objector("Patient/c6", FamilyRole.YOUTH)))))
        .contains("Thijs heeft bezwaar gemaakt.");
  }

  @Test
  void after_says_what_was_shared_when_and_why_the_notice_came_later() {
    String body = body(facts(FATHER, Situation.AFTER, true, null, RELEASED, null));
    assertThat(body)
        .contains(
            "Dirk Visser van Raad voor de Kinderbescherming heeft gegevens over Thijs gekregen van Wijkteam Noord.\nDat was op 1 december 2026 om 14:05.")
        .contains("Waarom krijgt u dit bericht pas nu?")
        .contains("\"Vooraf melden brengt het kind in gevaar: de melding gaat over een ouder.\"")
        .contains("Een privacyfunctionaris controleert")
        .doesNotContain("pas iets gedeeld nadat")
        .doesNotContain("direct na dit bericht");
  }

  @Test
  void a_parent_of_a_youth_of_16_is_told_why_they_cannot_object_for_the_youth() {
    String body = body(facts(PARENT_OF_16, Situation.BEFORE, false, null, null, null));
    assertThat(body)
        .startsWith("Beste ouder van Daan,")
        .contains("Daan is 16 jaar of ouder. Daarom beslist Daan zelf over bezwaar.")
        .contains("Alleen Daan kan bezwaar maken. U kunt dat niet voor Daan doen.")
        .doesNotContain("Dan kunt u bezwaar maken")
        .doesNotContain("ouder met gezag");
    assertThat(body(facts(YOUTH_16, Situation.BEFORE, false, null, null, null)))
        .contains("Je bent 16 jaar of ouder. Daarom beslis je zelf over bezwaar.")
        .contains("Ben je het er niet mee eens? Dan kun je bezwaar maken in Jeugdpoort.")
        .contains("gegevens over jou krijgen");
    assertThat(body(facts(YOUTH_13, Situation.BEFORE, false, null, null, null)))
        .doesNotContain("16 jaar")
        .contains("Dan kun je bezwaar maken");
  }

  @Test
  void refused_says_nothing_was_shared_and_why() {
    assertThat(body(facts(MOTHER, Situation.REFUSED, false, null, null, Refusal.OBJECTION)))
        .contains("Er is niets gedeeld.")
        .contains("U heeft bezwaar gemaakt. Daarom deelt Jeugdpoort deze gegevens niet.");
    assertThat(body(facts(FATHER, Situation.REFUSED, false, null, null, Refusal.OBJECTION)))
        .contains("De moeder van Thijs heeft bezwaar gemaakt.");
    assertThat(body(facts(FATHER, Situation.REFUSED, false, null, null, Refusal.SOURCE)))
        .contains("Wijkteam Noord heeft besloten de gegevens niet te geven.");
    assertThat(body(facts(FATHER, Situation.REFUSED, false, null, null, Refusal.RULES)))
        .contains("Voor dit doel is toestemming nodig van beide ouders.")
        .contains("Eerder kreeg u bericht");
    assertThat(body(facts(YOUTH_13, Situation.REFUSED, false, null, null, Refusal.RULES)))
        .contains("Eerder kreeg je bericht");
  }

  private static Facts withObjectors(Facts f, List<Objector> objectors) {
    return new Facts(
        f.situation(),
        f.recipientId(),
        f.recipientName(),
        f.recipientRole(),
        f.childFirstName(),
        f.childBirthDate(),
        f.today(),
        f.requesterName(),
        f.requesterRole(),
        f.requesterOrg(),
        f.sourceOrg(),
        f.categories(),
        f.purpose(),
        f.purposeDefinition(),
        f.explanation(),
        f.basis(),
        f.overridingBasis(),
        f.motivation(),
        f.afterwards(),
        f.delayMotivation(),
        f.windowEnd(),
        f.releasedAt(),
        objectors,
        f.refusal(),
        f.refusalReasons(),
        f.link());
  }

  private static String body(Facts f) {
    return TEXTS.compose(f).body();
  }
}
