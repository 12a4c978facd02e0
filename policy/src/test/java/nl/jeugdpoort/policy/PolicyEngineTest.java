package nl.jeugdpoort.policy;

import static nl.jeugdpoort.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyEngineTest {

  private static final Set<String> PLAN = Set.of("care-plan", "identification");

  private static List<ConsentRecord> bothParents(Set<String> categories) {
    return List.of(
        consent("c-m", MOTHER, "care-coordination", categories),
        consent("c-f", FATHER, "care-coordination", categories));
  }

  @Nested
  class P1_purpose {
    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "second-opinion", "re-check-expert-judgement"})
    void missing_empty_or_unknown_purpose_is_refused(String purpose) {
      Decision d =
          ENGINE.decide(
              request(purpose, "consent", PLAN), facts(youthAged(8), List.of(), List.of()));
      assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
      assertThat(d.ruleIds(Reason.Effect.DENY)).containsExactly("P1");
      assertThat(d.alternatives()).isNotEmpty();
      assertThat(d.releasableFields()).isEmpty();
    }

    @Test
    void missing_explanation_is_refused() {
      DataRequest r =
          new DataRequest(
              "r", worker(), BSN, GGZ, "care-coordination", " ", PLAN, "consent", null, null);
      Decision d = ENGINE.decide(r, facts(youthAged(8), bothParents(PLAN), List.of()));
      assertThat(d.ruleIds(Reason.Effect.DENY)).containsExactly("P1");
    }

    @Test
    void known_purpose_with_explanation_passes_P1() {
      Decision d =
          ENGINE.decide(careCoordination(PLAN), facts(youthAged(8), bothParents(PLAN), List.of()));
      assertThat(d.outcome()).isNotEqualTo(Outcome.REFUSE);
      assertThat(d.ruleIds(Reason.Effect.PERMIT)).contains("P1");
    }
  }

  @Nested
  class P2_minimisation {
    @Test
    void category_outside_purpose_is_left_out_and_fields_are_the_allow_list() {
      Set<String> asked = Set.of("care-plan", "diagnoses");
      Decision d =
          ENGINE.decide(
              careCoordination(asked), facts(youthAged(8), bothParents(asked), List.of()));
      assertThat(d.leftOutCategories()).containsEntry("diagnoses", "P2");
      assertThat(d.releasableFields()).containsOnlyKeys("care-plan");
      assertThat(d.releasableFields().get("care-plan"))
          .containsExactlyInAnyOrder(
              "CarePlan.subject",
              "CarePlan.status",
              "CarePlan.intent",
              "CarePlan.title",
              "CarePlan.period")
          .doesNotContain("CarePlan.description", "CarePlan.activity", "CarePlan.note");
    }

    @Test
    void only_categories_outside_purpose_is_refused() {
      Set<String> asked = Set.of("diagnoses", "notes");
      Decision d =
          ENGINE.decide(
              careCoordination(asked), facts(youthAged(8), bothParents(asked), List.of()));
      assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
      assertThat(d.ruleIds(Reason.Effect.DENY)).containsExactly("P2");
    }

    @Test
    void no_category_is_refused() {
      Decision d =
          ENGINE.decide(careCoordination(Set.of()), facts(youthAged(8), List.of(), List.of()));
      assertThat(d.ruleIds(Reason.Effect.DENY)).containsExactly("P2");
    }
  }

  @Nested
  class P3_entitlement {
    @Test
    void role_outside_purpose_is_refused() {
      DataRequest r =
          new DataRequest(
              "r",
              new Requester("p", "P", "teacher-coach", WIJKTEAM),
              BSN,
              GGZ,
              "care-coordination",
              "x",
              PLAN,
              "consent",
              null,
              null);
      assertThat(
              ENGINE
                  .decide(r, facts(youthAged(8), bothParents(PLAN), List.of()))
                  .ruleIds(Reason.Effect.DENY))
          .containsExactly("P3");
    }

    @Test
    void basis_outside_purpose_is_refused() {
      Decision d =
          ENGINE.decide(
              request("care-coordination", "legal-duty", PLAN),
              facts(youthAged(8), List.of(), List.of()));
      assertThat(d.ruleIds(Reason.Effect.DENY)).containsExactly("P3");
    }
  }

  @Nested
  class S1_secrecy {
    private final List<SourceItem> items =
        List.of(
            SourceItem.of("CarePlan/1", "care-plan", false),
            SourceItem.of("CarePlan/2", "care-plan", true),
            SourceItem.of("Flag/3", "safety", true));

    @Test
    void secrecy_items_without_consent_or_motivation_are_withheld_rest_released() {
      DataRequest r =
          new DataRequest(
              "r",
              worker(),
              BSN,
              GGZ,
              "child-safety-assessment",
              "Zorgen over thuis",
              Set.of("care-team", "safety"),
              "compelling-interest",
              null,
              null);
      List<SourceItem> fetched =
          List.of(
              SourceItem.of("CareTeam/1", "care-team", false),
              SourceItem.of("Flag/3", "safety", true));
      Decision d = ENGINE.decide(r, delivered(facts(youthAged(8), List.of(), List.of()), fetched));
      assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
      assertThat(d.withheldItems())
          .extracting(WithheldItem::itemId, WithheldItem::ruleId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("Flag/3", "S1"));
      assertThat(d.alternatives()).isNotEmpty();
    }

    @Test
    void secrecy_items_with_motivated_compelling_interest_are_released() {
      DataRequest r =
          new DataRequest(
              "r",
              worker(),
              BSN,
              GGZ,
              "child-safety-assessment",
              "Zorgen over thuis",
              Set.of("safety"),
              "compelling-interest",
              "Melding Veilig Thuis volgens meldcode, stap 5",
              null);
      Decision d = ENGINE.decide(r, delivered(facts(youthAged(8), List.of(), List.of()), items));
      assertThat(d.withheldItems()).isEmpty();
      assertThat(d.ruleIds(Reason.Effect.PERMIT)).contains("S1");
      assertThat(d.labels()).extracting(SecurityLabel::code).contains("V");
    }

    @Test
    void secrecy_items_with_consent_of_both_parents_are_released() {
      Decision d =
          ENGINE.decide(
              careCoordination(Set.of("care-plan")),
              delivered(facts(youthAged(8), bothParents(Set.of("care-plan")), List.of()), items));
      assertThat(d.withheldItems()).isEmpty();
      assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
    }

    @Test
    void consent_for_another_recipient_does_not_count() {
      ConsentRecord other =
          new ConsentRecord(
              "c-x",
              MOTHER.id(),
              "school-de-brug",
              "care-coordination",
              Set.of("care-plan"),
              "v1",
              ConsentRecord.Act.AUTHENTICATED_ACT,
              NOW.minusSeconds(10),
              null,
              null);
      Decision d =
          ENGINE.decide(
              careCoordination(Set.of("care-plan")),
              facts(
                  youthAged(8),
                  List.of(other, consent("c-f", FATHER, "care-coordination", Set.of("care-plan"))),
                  List.of()));
      assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
      assertThat(d.leftOutCategories()).containsEntry("care-plan", "C2");
    }
  }

  @Nested
  class N1_notice {
    @Test
    void release_waits_for_notice_and_goes_after_it() {
      Facts before = facts(youthAged(8), bothParents(PLAN), List.of());
      Decision first = ENGINE.decide(careCoordination(PLAN), before);
      assertThat(first.outcome()).isEqualTo(Outcome.HOLD);
      assertThat(first.ruleIds(Reason.Effect.HOLD)).containsExactly("N1");
      assertThat(first.notice().recipients()).containsExactly(MOTHER, FATHER);

      Decision second =
          ENGINE.decide(
              careCoordination(PLAN),
              delivered(before, List.of(SourceItem.of("CarePlan/1", "care-plan", false))));
      assertThat(second.outcome()).isEqualTo(Outcome.RELEASE);
      assertThat(second.labels()).extracting(SecurityLabel::code).contains("COC", "NORDSCLCD", "R");
      assertThat(second.retentionEnd()).isEqualTo(NOW.plus(java.time.Duration.ofDays(365)));
    }
  }

  @Nested
  class C5_bsn {
    @ParameterizedTest
    @ValueSource(strings = {"000000000", "123456789", "12345678", "1234567890", "abcdefghi"})
    void invalid_bsn_is_refused(String bsn) {
      DataRequest r =
          new DataRequest(
              "r", worker(), bsn, GGZ, "care-coordination", "x", PLAN, "consent", null, null);
      assertThat(
              ENGINE
                  .decide(r, facts(youthAged(8), List.of(), List.of()))
                  .ruleIds(Reason.Effect.DENY))
          .containsExactly("C5");
    }
  }

  @Test
  void precheck_runs_the_request_only_rules() {
    assertThat(ENGINE.precheck(request(null, "consent", PLAN)).ruleIds(Reason.Effect.DENY))
        .containsExactly("P1");
    assertThat(ENGINE.precheck(request("care-coordination", "consent", PLAN)).outcome())
        .isEqualTo(Outcome.RELEASE);
    assertThat(
            ENGINE
                .precheck(request("classroom-coaching", "consent", Set.of("recordings")))
                .ruleIds(Reason.Effect.DENY))
        .containsExactly("P3");
  }

  @Test
  void same_input_gives_same_output() {
    Facts f =
        delivered(
            facts(youthAged(13), List.of(), List.of()),
            List.of(SourceItem.of("Flag/1", "safety", true)));
    DataRequest r =
        request("child-safety-assessment", "compelling-interest", Set.of("safety", "diagnoses"));
    assertThat(ENGINE.decide(r, f)).isEqualTo(ENGINE.decide(r, f));
  }
}
