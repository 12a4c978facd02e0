package nl.jeugdpoort.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reasons and suggestions are data: a key with exactly its declared parameters, no sentences. */
class ReasonDataTest {
  @Test
  void a_reason_carries_exactly_the_parameters_its_key_declares() {
    Reason r =
        Reason.of(
            "C2",
            Reason.Effect.WITHHOLD,
            ReasonKey.CONSENT_MISSING,
            "category",
            "care-plan",
            "missing",
            List.of(),
            "by",
            List.of());
    assertThat(r.params()).containsOnlyKeys("category", "missing", "by");
    assertThatThrownBy(
            () ->
                Reason.of(
                    "C2",
                    Reason.Effect.WITHHOLD,
                    ReasonKey.CONSENT_MISSING,
                    "category",
                    "care-plan"))
        .hasMessageContaining("needs parameter 'missing'");
    assertThatThrownBy(
            () -> Reason.of("P1", Reason.Effect.DENY, ReasonKey.PURPOSE_MISSING, "purpose", "x"))
        .hasMessageContaining("has no parameter 'purpose'");
    assertThatThrownBy(
            () -> Reason.of("P1", Reason.Effect.DENY, ReasonKey.PURPOSE_MISSING, "purpose"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_optional_parameter_may_be_absent_and_a_null_value_counts_as_absent() {
    Reason r =
        Reason.of(
            "P3",
            Reason.Effect.DENY,
            ReasonKey.BASIS_NOT_ALLOWED,
            "basis",
            null,
            "purpose",
            "p",
            "allowed",
            List.of("consent"));
    assertThat(r.params()).containsOnlyKeys("purpose", "allowed");
    assertThat(ReasonKey.BASIS_NOT_ALLOWED.params())
        .containsExactly("basis?", "purpose", "allowed");
  }

  @Test
  void keys_have_stable_codes_that_read_back() {
    assertThat(ReasonKey.CONSENT_MISSING.code()).isEqualTo("consent-missing");
    assertThat(Suggestion.Key.GIVE_MOTIVATION.code()).isEqualTo("give-motivation");
    Arrays.stream(ReasonKey.values())
        .forEach(k -> assertThat(ReasonKey.fromCode(k.code())).contains(k));
    Arrays.stream(Suggestion.Key.values())
        .forEach(k -> assertThat(Suggestion.Key.fromCode(k.code())).contains(k));
    assertThat(ReasonKey.fromCode("no-such-key")).isEmpty();
    assertThat(Suggestion.Key.fromCode("no-such-key")).isEmpty();
  }

  @Test
  void a_suggestion_is_checked_like_a_reason() {
    assertThat(
            Suggestion.of(Suggestion.Key.BASIS_FOR_PURPOSE, "allowed", List.of("consent")).params())
        .isEqualTo(Map.of("allowed", List.of("consent")));
    assertThatThrownBy(() -> Suggestion.of(Suggestion.Key.BASIS_FOR_PURPOSE))
        .hasMessageContaining("allowed");
  }
}
