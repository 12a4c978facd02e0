package nl.jeugdpoort.policy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Outcome;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.Requester;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * Fuzzes the policy's input: any request and any facts give a decision — never an exception — that
 * keeps the invariants (a refusal releases nothing and names alternatives; every reason has a rule
 * id and both texts). Fuzzes for {@code jazzer.max_duration} in the normal test run; longer: see
 * docs/testing.md.
 */
class PolicyInputFuzzTest {
  private static final PolicyEngine ENGINE = new PolicyEngine(PurposeCatalogue.load());
  private static final List<String> PURPOSES =
      List.of(
          "care-coordination",
          "referral",
          "treatment",
          "child-safety-assessment",
          "child-protection-investigation",
          "child-protection-measure",
          "video-home-training",
          "video-interaction-coaching",
          "classroom-coaching",
          "",
          "nonsense");
  private static final List<String> CATEGORIES =
      List.of(
          "identification",
          "legal-representation",
          "care-team",
          "care-plan",
          "diagnoses",
          "observations",
          "notes",
          "safety",
          "education",
          "recordings",
          "x");
  private static final List<String> ROLES =
      List.of(
          "neighbourhood-team-worker",
          "youth-mental-health-clinician",
          "family-guardian",
          "child-protection-investigator",
          "school-care-coordinator",
          "video-home-trainer",
          "interaction-coach",
          "teacher-coach",
          "family-member");
  private static final List<String> BASES =
      List.of("consent", "legal-duty", "compelling-interest", "other");
  private static final List<String> ORGS =
      List.of("wijkteam-noord", "ggz-de-linde", "raad-kinderbescherming");
  private static final List<String> PEOPLE =
      List.of("youth", "mother", "father", "curator", "stranger");

  @FuzzTest(maxDuration = "20s")
  void any_input_gives_a_decision_that_keeps_the_invariants(FuzzedDataProvider data) {
    Instant now = Instant.ofEpochSecond(data.consumeLong(1_000_000_000L, 4_000_000_000L));
    Set<String> categories = new LinkedHashSet<>();
    for (int i = data.consumeInt(0, 4); i > 0; i--) {
      categories.add(data.pickValue(CATEGORIES));
    }
    String bsn = data.consumeBoolean() ? "111222333" : data.consumeString(12);
    DataRequest request =
        new DataRequest(
            "r",
            new Requester("pro", "Pro", data.pickValue(ROLES), data.pickValue(ORGS)),
            bsn,
            data.pickValue(ORGS),
            data.consumeBoolean() ? data.pickValue(PURPOSES) : data.consumeString(20),
            data.consumeBoolean() ? "uitleg" : data.consumeString(10),
            categories,
            data.consumeBoolean() ? data.pickValue(BASES) : null,
            data.consumeBoolean() ? data.consumeString(20) : null,
            data.consumeBoolean() ? data.consumeString(20) : null);
    Youth youth =
        data.consumeBoolean()
            ? null
            : new Youth(
                "111222333",
                "youth",
                "Sam",
                data.consumeBoolean()
                    ? LocalDate.ofEpochDay(data.consumeLong(-20_000, 30_000))
                    : null,
                data.consumeBoolean()
                    ? List.of(
                        new Person("mother", "M", Person.Relation.AUTHORITY_HOLDER),
                        new Person("father", "F", Person.Relation.AUTHORITY_HOLDER))
                    : List.of(),
                data.consumeBoolean()
                    ? new Person("curator", "C", Person.Relation.REPRESENTATIVE)
                    : null);
    List<ConsentRecord> consents = new ArrayList<>();
    for (int i = data.consumeInt(0, 5); i > 0; i--) {
      consents.add(
          new ConsentRecord(
              "c" + i,
              data.pickValue(PEOPLE),
              data.pickValue(ORGS),
              data.pickValue(PURPOSES),
              Set.of(data.pickValue(CATEGORIES)),
              data.consumeBoolean() ? "v1" : "",
              data.pickValue(ConsentRecord.Act.values()),
              data.consumeBoolean() ? now.minusSeconds(data.consumeInt(-1000, 100_000)) : null,
              data.consumeBoolean() ? now.plusSeconds(data.consumeInt(-100_000, 100_000)) : null,
              data.consumeBoolean() ? now.plusSeconds(data.consumeInt(-100_000, 100_000)) : null));
    }
    List<ObjectionRecord> objections = new ArrayList<>();
    for (int i = data.consumeInt(0, 3); i > 0; i--) {
      objections.add(
          new ObjectionRecord(
              "o" + i,
              data.pickValue(PEOPLE),
              data.consumeBoolean() ? data.pickValue(ORGS) : null,
              data.consumeBoolean() ? data.pickValue(PURPOSES) : null,
              data.consumeBoolean() ? data.pickValue(CATEGORIES) : null,
              now.minusSeconds(data.consumeInt(-1000, 100_000)),
              data.consumeBoolean() ? now.plusSeconds(data.consumeInt(-100_000, 100_000)) : null));
    }
    List<SourceItem> items = null;
    if (data.consumeBoolean()) {
      items = new ArrayList<>();
      for (int i = data.consumeInt(0, 10); i > 0; i--) {
        items.add(SourceItem.of("Item/" + i, data.pickValue(CATEGORIES), data.consumeBoolean()));
      }
    }
    Facts facts =
        new Facts(
            Clock.fixed(now, ZoneOffset.UTC),
            youth,
            consents,
            objections,
            items,
            data.consumeBoolean() ? now.minusSeconds(data.consumeInt(0, 1_000_000)) : null,
            List.of());

    Decision d = ENGINE.decide(request, facts);

    assertThat(d).isNotNull();
    assertThat(d.reasons())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.ruleId()).matches("[A-Z][0-9]");
              assertThat(r.key()).isNotNull();
              assertThat(r.params().values()).doesNotContainNull();
            });
    if (d.outcome() == Outcome.REFUSE) {
      assertThat(d.releasableFields()).isEmpty();
      assertThat(d.alternatives()).isNotEmpty();
      assertThat(d.ruleIds(Reason.Effect.DENY)).isNotEmpty();
    } else {
      assertThat(d.releasableFields()).isNotEmpty();
      assertThat(d.notice() != null || d.priorReleaseId() != null).isTrue();
    }
  }
}
