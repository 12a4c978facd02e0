package nl.jeugdpoort.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Outcome;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.WithheldItem;
import org.junit.jupiter.api.Test;

/**
 * A stored decision keeps each reason's key and typed parameters, so pages word it later; old rows
 * still show.
 */
class DecisionJsonTest {
  private static final Person FATHER =
      new Person(
          "RelatedPerson/c1-father", "Tom Dekker", Person.Relation.AUTHORITY_HOLDER, Set.of("FTH"));

  @Test
  void reasons_and_suggestions_come_back_as_they_were_without_names() {
    Instant at = Instant.parse("2026-12-15T20:09:56.114297214Z");
    List<Reason> reasons =
        List.of(
            Reason.of(
                "C2",
                Reason.Effect.WITHHOLD,
                ReasonKey.CONSENT_MISSING,
                "category",
                "care-plan",
                "missing",
                List.of(FATHER),
                "by",
                List.of()),
            Reason.of(
                "N3", Reason.Effect.HOLD, ReasonKey.OBJECTION_WINDOW, "until", at, "hours", 72),
            Reason.of(
                "V5",
                Reason.Effect.WITHHOLD,
                ReasonKey.RECORDING_TRAJECTORY_ENDED,
                "item",
                "DocumentReference/v1",
                "ended",
                LocalDate.of(2026, 2, 28)),
            Reason.of(
                "P4",
                Reason.Effect.OBLIGATION,
                ReasonKey.LABELS,
                "purposeOfUse",
                "COC",
                "confidentiality",
                "R",
                "deleteAfterUse",
                false));
    Decision d =
        new Decision(
            Outcome.HOLD,
            reasons,
            Map.of(),
            Map.of("care-plan", "C2"),
            List.of(new WithheldItem("DocumentReference/v1", "video", "V5")),
            null,
            List.of(),
            null,
            at,
            null,
            false,
            List.of(Suggestion.of(Suggestion.Key.ASK_CONSENT, "missing", List.of(FATHER))));
    String json = DecisionJson.write(d);

    assertThat(json).doesNotContain("Tom Dekker");
    List<Reason> back =
        DecisionJson.reasons(json).stream().map(DecisionJson.StoredReason::toReason).toList();
    Person anonymous = new Person(FATHER.id(), null, FATHER.relation(), FATHER.roleCodes());
    assertThat(back.get(0))
        .isEqualTo(
            Reason.of(
                "C2",
                Reason.Effect.WITHHOLD,
                ReasonKey.CONSENT_MISSING,
                "category",
                "care-plan",
                "missing",
                List.of(anonymous),
                "by",
                List.of()));
    assertThat(back.subList(1, 4)).isEqualTo(reasons.subList(1, 4));
    assertThat(DecisionJson.alternatives(json))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.toSuggestion())
                    .isEqualTo(
                        Suggestion.of(Suggestion.Key.ASK_CONSENT, "missing", List.of(anonymous))));
    assertThat(DecisionJson.withheld(json))
        .containsExactly(new WithheldItem("DocumentReference/v1", "video", "V5"));
    assertThat(DecisionJson.leftOut(json)).isEqualTo(Map.of("care-plan", "C2"));
  }

  @Test
  void a_row_stored_before_reasons_were_data_keeps_its_sentences() {
    String old =
        "{\"outcome\":\"REFUSE\",\"reasons\":[{\"ruleId\":\"C2\",\"effect\":\"DENY\","
            + "\"family\":\"Voor plan ontbreekt toestemming.\",\"audit\":\"Consent missing.\"}],"
            + "\"alternatives\":[\"Vraag de ouders om toestemming.\"]}";
    DecisionJson.StoredReason r = DecisionJson.reasons(old).get(0);
    assertThat(r.toReason()).isNull();
    assertThat(r.family()).isEqualTo("Voor plan ontbreekt toestemming.");
    assertThat(r.audit()).isEqualTo("Consent missing.");
    DecisionJson.StoredSuggestion s = DecisionJson.alternatives(old).get(0);
    assertThat(s.toSuggestion()).isNull();
    assertThat(s.text()).isEqualTo("Vraag de ouders om toestemming.");
  }

  @Test
  void a_stored_key_that_no_longer_exists_falls_back_instead_of_failing() {
    String changed =
        "{\"reasons\":[{\"ruleId\":\"C2\",\"effect\":\"DENY\",\"key\":\"no-such-key\",\"params\":{}},"
            + "{\"ruleId\":\"C2\",\"effect\":\"DENY\",\"key\":\"consent-missing\",\"params\":{\"category\":\"x\"}}]}";
    assertThat(DecisionJson.reasons(changed))
        .extracting(DecisionJson.StoredReason::toReason)
        .containsOnlyNulls();
  }
}
