package nl.jeugdpoort.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nl.jeugdpoort.gateway.text.ReasonTexts.FamilyView;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reason key, worded for every audience with realistic parameters (issue 13): the family's
 * text is plain Dutch at B1 ({@link PlainDutch}: no rule id, no ISO timestamp, no English, no
 * "null", sentences of at most about 20 words) and names the child where the template does; the
 * professional's text carries the rule id; the auditor's is English with the record ids.
 */
class ReasonTextsTest {
  static final ReasonTexts TEXTS = new ReasonTexts(new TextTemplates(), PurposeCatalogue.load());
  static final Person MOTHER =
      new Person(
          "RelatedPerson/c1-mother",
          "Esra Dekker",
          Person.Relation.AUTHORITY_HOLDER,
          Set.of("MTH", "authority-holder"));
  static final Person FATHER =
      new Person(
          "RelatedPerson/c1-father",
          "Tom Dekker",
          Person.Relation.AUTHORITY_HOLDER,
          Set.of("FTH", "authority-holder"));
  static final Person YOUTH = new Person("Patient/c1", "Thijs Dekker", Person.Relation.YOUTH);

  /**
   * 20:09 UTC on 15 December is 21:09 in Amsterdam; 23:30 UTC on 14 December is already 15 December
   * there.
   */
  static final Instant MOMENT = Instant.parse("2026-12-14T23:30:00Z");

  /**
   * The views a family text is read in: the family in general, the mother herself, the youth of 13.
   */
  static final List<FamilyView> VIEWS =
      List.of(
          FamilyView.general("Thijs"),
          new FamilyView(MOTHER.id(), false, "Thijs"),
          new FamilyView(YOUTH.id(), true, "Thijs"));

  /** Keys whose family text names the child (by first name) in every view. */
  static final Set<ReasonKey> NAMES_CHILD =
      Set.of(
          ReasonKey.YOUTH_UNKNOWN,
          ReasonKey.NOBODY_CAN_CONSENT,
          ReasonKey.CONSENT_MISSING,
          ReasonKey.NOTHING_LEFT,
          ReasonKey.NOTICE_DELAYED,
          ReasonKey.YOUTH_KEEPS_VIEW,
          ReasonKey.MAY_SEE,
          ReasonKey.ONLY_YOUTH_DECIDES_VIEW,
          ReasonKey.MAY_NOT_WITHDRAW_OBJECTION);

  static Stream<Arguments> reasons() {
    List<Arguments> out = new ArrayList<>();
    for (ReasonKey key : ReasonKey.values()) {
      for (Reason r : samples(key)) {
        out.add(Arguments.of(key.code() + " " + r.ruleId() + " " + r.params().keySet(), r));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reasons")
  void every_reason_is_worded_for_every_audience(String name, Reason reason) {
    for (FamilyView view : VIEWS) {
      String family = TEXTS.family(reason, view);
      PlainDutch text = PlainDutch.check(family);
      if (NAMES_CHILD.contains(reason.key())) {
        text.mentions("Thijs");
      }
      text.assertPlain();
      assertThat(family)
          .as("family text of %s", name)
          .doesNotContain("2026-")
          .doesNotContain("T23:30");
    }
    String professional = TEXTS.professional(reason);
    assertThat(professional)
        .as("professional")
        .startsWith(reason.ruleId() + ":")
        .doesNotContain("null");
    assertThat(professional.length())
        .as("professional text beyond the rule id")
        .isGreaterThan(reason.ruleId().length() + 10);
    String auditor = TEXTS.auditor(reason);
    assertThat(auditor).as("auditor").isNotBlank().doesNotContain("null");
  }

  @Test
  void each_key_has_exactly_one_text_per_audience_and_every_text_belongs_to_a_key()
      throws IOException {
    for (String file : List.of("family", "professional", "auditor")) {
      String template = resource("text/reasons/" + file + ".txt");
      for (ReasonKey key : ReasonKey.values()) {
        assertThat(count(template, "key == '" + key.code() + "'"))
            .as(file + ": " + key.code())
            .isEqualTo(1);
      }
      assertThat(count(template, "key == '"))
          .as(file + ": no text for a key that does not exist")
          .isEqualTo(ReasonKey.values().length);
    }
    String suggestions = resource("text/reasons/suggestion.txt");
    for (Suggestion.Key key : Suggestion.Key.values()) {
      assertThat(count(suggestions, "key == '" + key.code() + "'"))
          .as("suggestion " + key.code())
          .isEqualTo(1);
      Suggestion s = new Suggestion(key, suggestionParams(key));
      assertThat(TEXTS.suggestion(s))
          .as(key.code())
          .isNotBlank()
          .doesNotContain("null")
          .doesNotContain("[");
    }
    assertThat(count(suggestions, "key == '")).isEqualTo(Suggestion.Key.values().length);
  }

  @Test
  void docs_reasons_md_lists_every_key_with_exactly_its_parameters() throws IOException {
    String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "reasons.md"));
    for (ReasonKey key : ReasonKey.values()) {
      String params =
          key.params().isEmpty()
              ? "—"
              : String.join(", ", key.params().stream().map(p -> "`" + p + "`").toList());
      assertThat(docs)
          .as(key.code())
          .containsPattern(
              "\\| `"
                  + key.code()
                  + "` \\| [^|]+ \\| "
                  + java.util.regex.Pattern.quote(params)
                  + " \\|");
    }
    for (Suggestion.Key key : Suggestion.Key.values()) {
      String params =
          key.params().isEmpty()
              ? "—"
              : String.join(", ", key.params().stream().map(p -> "`" + p + "`").toList());
      assertThat(docs).as(key.code()).contains("| `" + key.code() + "` | " + params + " |");
    }
    assertThat(count(docs, "\n| `"))
        .isEqualTo(ReasonKey.values().length + Suggestion.Key.values().length);
  }

  @Test
  void the_family_is_told_who_did_it_as_they_know_them_and_dates_in_amsterdam() {
    Reason objection =
        Reason.of(
            "O1",
            Reason.Effect.WITHHOLD,
            ReasonKey.OBJECTION_STANDS,
            "category",
            "care-plan",
            "objection",
            "o-1",
            "by",
            List.of(FATHER));
    assertThat(TEXTS.family(objection, VIEWS.get(0)))
        .startsWith(
            "De vader heeft bezwaar gemaakt tegen het delen van "
                + "gegevens over plan van aanpak.");
    assertThat(TEXTS.family(objection, new FamilyView(FATHER.id(), false, "Thijs")))
        .startsWith("U heeft bezwaar gemaakt");
    assertThat(TEXTS.family(objection, new FamilyView(YOUTH.id(), true, "Thijs")))
        .startsWith("Je vader heeft bezwaar");
    Reason missing =
        Reason.of(
            "C2",
            Reason.Effect.WITHHOLD,
            ReasonKey.CONSENT_MISSING,
            "category",
            "care-plan",
            "missing",
            List.of(YOUTH, FATHER),
            "by",
            List.of(MOTHER));
    assertThat(TEXTS.family(missing, new FamilyView(MOTHER.id(), false, "Thijs")))
        .contains("ontbreekt nog toestemming van Thijs en de vader.");
    assertThat(TEXTS.family(missing, new FamilyView(YOUTH.id(), true, "Thijs")))
        .contains("ontbreekt nog toestemming van jou en je vader.");
    Reason notice =
        Reason.of(
            "N1", Reason.Effect.HOLD, ReasonKey.NOTICE_FIRST, "recipients", List.of(YOUTH, MOTHER));
    assertThat(TEXTS.family(notice, new FamilyView(YOUTH.id(), true, "Thijs")))
        .startsWith("Eerst krijgen jij en je moeder bericht.");
    Reason window =
        Reason.of(
            "N3", Reason.Effect.HOLD, ReasonKey.OBJECTION_WINDOW, "until", MOMENT, "hours", 72L);
    assertThat(TEXTS.family(window, VIEWS.get(1)))
        .isEqualTo(
            "U kunt nog bezwaar maken tot 15 december 2026 om 00:30. "
                + "Tot dan wordt niets gedeeld.");
    assertThat(TEXTS.professional(window)).contains("N3").contains("72 uur");
    assertThat(TEXTS.auditor(window)).contains("2026-12-14T23:30:00Z");
  }

  @Test
  void the_reason_for_a_youth_of_16_or_a_parent_names_the_real_reason() {
    Reason parentOf16 =
        Reason.of(
            "C2",
            Reason.Effect.DENY,
            ReasonKey.CONSENT_DOES_NOT_COUNT,
            "age",
            16,
            "deciders",
            List.of(YOUTH));
    assertThat(TEXTS.family(parentOf16, new FamilyView(MOTHER.id(), false, "Thijs")))
        .isEqualTo(
            "Thijs is 16 jaar of ouder en geeft zelf toestemming. Uw toestemming is niet nodig.");
    Reason youth13WithoutHolders =
        Reason.of(
            "C2",
            Reason.Effect.DENY,
            ReasonKey.CONSENT_DOES_NOT_COUNT,
            "age",
            13,
            "deciders",
            List.of());
    assertThat(TEXTS.family(youth13WithoutHolders, new FamilyView(YOUTH.id(), true, "Thijs")))
        .startsWith("Het is niet bekend wie het gezag heeft over Thijs.");
    Reason child8 =
        Reason.of(
            "C2",
            Reason.Effect.DENY,
            ReasonKey.CONSENT_DOES_NOT_COUNT,
            "age",
            8,
            "deciders",
            List.of(MOTHER, FATHER));
    assertThat(TEXTS.family(child8, new FamilyView(YOUTH.id(), true, "Thijs")))
        .isEqualTo("Tot je 12 jaar bent, geven je ouders met gezag toestemming.");
    assertThat(TEXTS.professional(child8)).startsWith("C2:").contains("RelatedPerson/c1-mother");
  }

  @Test
  void an_override_without_motivation_tells_the_professional_a_written_motivation_can_be_given() {
    Reason o2 =
        Reason.of(
            "O2",
            Reason.Effect.WITHHOLD,
            ReasonKey.OVERRIDE_NEEDS_MOTIVATION,
            "category",
            "safety",
            "objection",
            "o-9",
            "by",
            List.of(MOTHER),
            "basis",
            "legal-duty");
    assertThat(TEXTS.professional(o2))
        .startsWith("O2:")
        .contains("schriftelijke motivering kan worden gegeven")
        .contains("o-9");
    assertThat(TEXTS.suggestion(Suggestion.of(Suggestion.Key.GIVE_MOTIVATION)))
        .contains("schriftelijke motivering kan worden gegeven");
  }

  /**
   * One or more realistic reasons per key (a key that reads differently by rule or parameters gets
   * each).
   */
  static List<Reason> samples(ReasonKey key) {
    List<Reason> out = new ArrayList<>();
    String rule = rule(key);
    out.add(new Reason(rule, effect(key), key, params(key)));
    switch (key) {
      case NOTHING_LEFT -> {
        out.add(Reason.of("O1", Reason.Effect.DENY, key, "categories", List.of("care-plan")));
        out.add(
            Reason.of("O2", Reason.Effect.DENY, key, "categories", List.of("care-plan", "safety")));
        out.add(Reason.of("O4", Reason.Effect.DENY, key, "categories", List.of("care-plan")));
      }
      case PRIOR_WITHHELD ->
          out.add(
              Reason.of(
                  "V2",
                  Reason.Effect.WITHHOLD,
                  key,
                  "release",
                  "rel-1",
                  "count",
                  1,
                  "items",
                  List.of("DocumentReference/v1"),
                  "categories",
                  List.of("video")));
      case SECRECY_RELEASED ->
          out.add(Reason.of("S1", Reason.Effect.PERMIT, key, "categories", List.of("safety")));
      case MAY_NOT_OBJECT, CONSENT_DOES_NOT_COUNT -> {
        out.add(Reason.of(rule, Reason.Effect.DENY, key, "age", 16, "deciders", List.of(YOUTH)));
        out.add(Reason.of(rule, Reason.Effect.DENY, key, "age", 13, "deciders", List.of()));
        out.add(
            Reason.of(
                rule, Reason.Effect.DENY, key, "age", 8, "deciders", List.of(MOTHER, FATHER)));
      }
      case NOTICE_FIRST ->
          out.add(Reason.of("N1", Reason.Effect.HOLD, key, "recipients", List.of(MOTHER)));
      case LABELS ->
          out.add(
              Reason.of(
                  "P4",
                  Reason.Effect.OBLIGATION,
                  key,
                  "purposeOfUse",
                  "COC",
                  "confidentiality",
                  "R",
                  "deleteAfterUse",
                  false));
      default -> {}
    }
    return out;
  }

  static Map<String, Object> params(ReasonKey key) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String declared : key.params()) {
      String name = declared.replace("?", "");
      p.put(name, value(key, name));
    }
    return p;
  }

  private static Object value(ReasonKey key, String name) {
    return switch (name) {
      case "category" -> "care-plan";
      case "categories" -> List.of("care-plan", "safety");
      case "allowed" ->
          key == ReasonKey.BASIS_NOT_ALLOWED
              ? List.of("legal-duty", "compelling-interest")
              : List.of("care-plan", "care-team", "identification");
      case "purpose" -> key == ReasonKey.PURPOSE_UNKNOWN ? "marketing" : "care-coordination";
      case "role" -> "school-care-coordinator";
      case "basis" -> key == ReasonKey.BASIS_NOT_ALLOWED ? "consent" : "legal-duty";
      case "organisation" -> "school-de-brug";
      case "objection", "record" -> "8f0c2a1e-5d1b-4a57-9a3e-0b1f9f0c7d21#care-plan";
      case "objections" -> List.of("8f0c2a1e-5d1b-4a57-9a3e-0b1f9f0c7d21#care-plan");
      case "consent" -> "1b2c3d4e-0000-4000-8000-000000000001";
      case "consents" ->
          List.of("1b2c3d4e-0000-4000-8000-000000000001", "1b2c3d4e-0000-4000-8000-000000000002");
      case "by" -> List.of(MOTHER);
      case "missing" -> List.of(FATHER);
      case "deciders", "recipients" -> List.of(YOUTH, MOTHER, FATHER);
      case "release" -> "rel-5a1e";
      case "releasedAt", "deliveredAt", "deadline", "until", "withdrawnAt" -> MOMENT;
      case "ended" -> LocalDate.of(2026, 12, 15);
      case "item" -> "DocumentReference/c1-vht-1";
      case "items" -> List.of("Flag/c1-safety-1", "Flag/c1-safety-2");
      case "count" -> 2;
      case "hours" -> 72L;
      case "days" -> 365L;
      case "age" -> 13;
      case "error" -> "NullPointerException";
      case "purposeOfUse" -> "HLEGAL";
      case "confidentiality" -> "V";
      case "deleteAfterUse" -> Boolean.TRUE;
      case "use" -> "dispute-evidence";
      default ->
          throw new IllegalArgumentException("no sample for parameter " + name + " of " + key);
    };
  }

  private static Map<String, Object> suggestionParams(Suggestion.Key key) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String name : key.params()) {
      p.put(
          name,
          switch (name) {
            case "allowed" ->
                key == Suggestion.Key.BASIS_FOR_PURPOSE
                    ? List.of("consent", "legal-duty")
                    : List.of("care-plan");
            case "missing" -> List.of(FATHER);
            default -> throw new IllegalArgumentException(name);
          });
    }
    return p;
  }

  private static String rule(ReasonKey key) {
    String doc = key.name();
    return switch (key) {
      case BSN_INVALID, YOUTH_UNKNOWN -> "C5";
      case PURPOSE_MISSING, PURPOSE_UNKNOWN, EXPLANATION_MISSING, PURPOSE_STATED -> "P1";
      case ROLE_NOT_ENTITLED, BASIS_NOT_ALLOWED, ENTITLED -> "P3";
      case CATEGORIES_MISSING, CATEGORY_OUTSIDE_PURPOSE, NO_CATEGORY_IN_PURPOSE -> "P2";
      case INTERNAL_ONLY -> "V7";
      case REFUSED_USE -> "V4";
      case OBJECTION_STANDS, MAY_NOT_OBJECT, MAY_OBJECT -> "O1";
      case OBJECTION_OUTWEIGHS_OWN_CONSENT, CONSENT_OUTWEIGHS_OBJECTION -> "O4";
      case OBJECTION_OVERRIDDEN, OVERRIDE_NEEDS_MOTIVATION -> "O2";
      case CONSENT_COMPLETE,
          NOBODY_CAN_CONSENT,
          CONSENT_MISSING,
          NOTHING_LEFT,
          CONSENT_DOES_NOT_COUNT,
          CONSENT_COUNTS ->
          "C2";
      case PRIOR_RELEASE -> "P5";
      case PRIOR_WITHHELD, SECRECY_WITHHELD, SECRECY_RELEASED -> "S1";
      case RECORDING_ALTERED -> "V6";
      case RECORDING_TRAJECTORY_ENDED -> "V5";
      case CONVERSATION_WITHOUT_CONSENT -> "V8";
      case RECORDING_NOT_MAKER -> "V2";
      case RECORDING_NO_SHOWING -> "V3";
      case NO_NOTICE_RECIPIENT, NOTICE_FIRST, NOTICE_DELIVERED -> "N1";
      case NOTICE_AFTER_NOT_ALLOWED, NOTICE_DELAYED -> "N2";
      case OBJECTION_WINDOW -> "N3";
      case LABELS -> "P4";
      case RETENTION, RETENTION_ENDED -> "E1";
      case CANNOT_EVALUATE -> "S1";
      case CONSENT_WITHDRAWN, MAY_NOT_WITHDRAW_CONSENT, MAY_WITHDRAW_CONSENT, ALREADY_WITHDRAWN ->
          "C3";
      case OTHER_FAMILY, ACCOUNT_UNLINKED -> "F2";
      case YOUTH_KEEPS_VIEW, ONLY_YOUTH_DECIDES_VIEW, YOUTH_DECIDES_VIEW -> "F3";
      case MAY_SEE -> "F1";
      case MAY_NOT_WITHDRAW_OBJECTION, MAY_WITHDRAW_OBJECTION -> "O3";
      default -> throw new IllegalArgumentException("no rule for " + doc);
    };
  }

  private static Reason.Effect effect(ReasonKey key) {
    String code = key.code();
    if (code.startsWith("may-not")
        || code.endsWith("-missing")
        || code.endsWith("-invalid")
        || code.endsWith("-unknown")
        || Set.of(
                "nothing-left",
                "role-not-entitled",
                "basis-not-allowed",
                "no-category-in-purpose",
                "internal-only",
                "no-notice-recipient",
                "cannot-evaluate",
                "other-family",
                "account-unlinked",
                "youth-keeps-view",
                "consent-does-not-count",
                "only-youth-decides-view",
                "already-withdrawn",
                "refused-use")
            .contains(code)) {
      return Reason.Effect.DENY;
    }
    return Reason.Effect.PERMIT;
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = ReasonTextsTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
