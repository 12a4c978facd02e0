package nl.jeugdpoort.policy;

import static nl.jeugdpoort.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdpoort.policy.family.FamilyRules;
import nl.jeugdpoort.policy.recording.RecordingRules;
import nl.jeugdpoort.policy.retention.ErasureDuty;
import nl.jeugdpoort.policy.retention.ErasureRules;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The checks the gateway calls: F (families' view), O1/O3 (who objects), E2 (erasure), V1/V3/V4,
 * C2's leap day.
 */
class FamilyAndErasureRulesTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
  private static final Person STRANGER =
      new Person("rp-other", "Ander", Person.Relation.AUTHORITY_HOLDER);

  @Nested
  class F_families_view {
    @Test
    void C2_whose_consent_counts_follows_the_age_of_the_youth() {
      assertThat(FamilyRules.mayGiveConsent(MOTHER, youthAged(8), TODAY).allowed()).isTrue();
      assertThat(FamilyRules.mayGiveConsent(youthAged(8).asPerson(), youthAged(8), TODAY).allowed())
          .isFalse();
      assertThat(
              FamilyRules.mayGiveConsent(youthAged(12).asPerson(), youthAged(12), TODAY).allowed())
          .isTrue();
      assertThat(FamilyRules.mayGiveConsent(MOTHER, youthAged(15), TODAY).allowed()).isTrue();
      FamilyRules.Answer parentOf16 = FamilyRules.mayGiveConsent(MOTHER, youthAged(16), TODAY);
      assertThat(parentOf16.allowed()).isFalse();
      assertThat(parentOf16.reason().ruleId()).isEqualTo("C2");
      assertThat(parentOf16.reason().key()).isEqualTo(ReasonKey.CONSENT_DOES_NOT_COUNT);
      assertThat(parentOf16.reason().params())
          .containsEntry("age", 16)
          .containsEntry("deciders", List.of(youthAged(16).asPerson()));
      assertThat(FamilyRules.mayGiveConsent(STRANGER, youthAged(8), TODAY).allowed()).isFalse();
    }

    @Test
    void
        C2_a_youth_of_12_to_15_gives_and_objects_alongside_every_authority_holder_and_fails_closed_without_them() {
      for (int age : List.of(12, 13, 15)) {
        Youth youth = youthAged(age);
        assertThat(FamilyRules.mayGiveConsent(youth.asPerson(), youth, TODAY).allowed())
            .as("youth of " + age)
            .isTrue();
        assertThat(FamilyRules.mayLodgeObjection(youth.asPerson(), youth, TODAY).allowed())
            .as("youth of " + age)
            .isTrue();
        assertThat(FamilyRules.mayGiveConsent(MOTHER, youth, TODAY).allowed())
            .as("mother of " + age)
            .isTrue();
        // Facts without the authority holders (as the gateway once built them for a youth's own
        // login): nobody
        // can give valid consent, so the youth's own does not count either — fail closed, never the
        // youth alone.
        Youth withoutHolders =
            new Youth(
                youth.bsn(), youth.personId(), youth.name(), youth.birthDate(), List.of(), null);
        assertThat(
                FamilyRules.mayGiveConsent(withoutHolders.asPerson(), withoutHolders, TODAY)
                    .allowed())
            .isFalse();
      }
      Youth sixteen = youthAged(16);
      Youth alone =
          new Youth(
              sixteen.bsn(),
              sixteen.personId(),
              sixteen.name(),
              sixteen.birthDate(),
              List.of(),
              null);
      assertThat(FamilyRules.mayGiveConsent(alone.asPerson(), alone, TODAY).allowed())
          .as("16+: the youth alone")
          .isTrue();
    }

    @Test
    void F3_only_the_youth_of_16_decides_whether_parents_see() {
      assertThat(
              FamilyRules.mayDecideParentsView(youthAged(16).asPerson(), youthAged(16), TODAY)
                  .allowed())
          .isTrue();
      FamilyRules.Answer young =
          FamilyRules.mayDecideParentsView(youthAged(15).asPerson(), youthAged(15), TODAY);
      assertThat(young.allowed()).isFalse();
      assertThat(young.reason().ruleId()).isEqualTo("F3");
      assertThat(FamilyRules.mayDecideParentsView(MOTHER, youthAged(16), TODAY).allowed())
          .isFalse();
      assertThat(
              FamilyRules.mayDecideParentsView(
                      new Person("youth-2", "Kim", Person.Relation.YOUTH), youthAged(16), TODAY)
                  .allowed())
          .isFalse();
    }

    @Test
    void F2_a_parent_of_another_family_sees_nothing() {
      FamilyRules.Answer a = FamilyRules.maySeeDisclosures(STRANGER, youthAged(8), TODAY, false);
      assertThat(a.allowed()).isFalse();
      assertThat(a.reason().ruleId()).isEqualTo("F2");
    }

    @Test
    void F1_own_parent_and_own_youth_see_the_disclosures() {
      assertThat(FamilyRules.maySeeDisclosures(MOTHER, youthAged(8), TODAY, false).allowed())
          .isTrue();
      assertThat(
              FamilyRules.maySeeDisclosures(youthAged(8).asPerson(), youthAged(8), TODAY, false)
                  .reason()
                  .ruleId())
          .isEqualTo("F1");
    }

    @Test
    void F3_from_16_parents_see_only_when_the_youth_allows() {
      Youth sixteen = youthAged(16);
      FamilyRules.Answer blocked = FamilyRules.maySeeDisclosures(MOTHER, sixteen, TODAY, false);
      assertThat(blocked.allowed()).isFalse();
      assertThat(blocked.reason().ruleId()).isEqualTo("F3");
      assertThat(FamilyRules.maySeeDisclosures(MOTHER, sixteen, TODAY, true).allowed()).isTrue();
      assertThat(FamilyRules.maySeeDisclosures(MOTHER, youthAged(15), TODAY, false).allowed())
          .isTrue();
      assertThat(FamilyRules.maySeeDisclosures(sixteen.asPerson(), sixteen, TODAY, false).allowed())
          .isTrue();
    }

    @Test
    void F2_a_representative_sees_only_their_own_youth() {
      Person curator = new Person("cur", "Curator", Person.Relation.REPRESENTATIVE);
      Youth withCurator =
          new Youth(BSN, "youth-1", "Sam", TODAY.minusYears(19), List.of(), curator);
      assertThat(FamilyRules.maySeeDisclosures(curator, withCurator, TODAY, false).allowed())
          .isTrue();
      assertThat(FamilyRules.maySeeDisclosures(curator, youthAged(8), TODAY, false).allowed())
          .isFalse();
      Person otherYouth = new Person("youth-2", "Kim", Person.Relation.YOUTH);
      assertThat(FamilyRules.maySeeDisclosures(otherYouth, youthAged(8), TODAY, false).allowed())
          .isFalse();
    }
  }

  @Nested
  class O_who_objects {
    private final ObjectionRecord byMother =
        new ObjectionRecord("o1", MOTHER.id(), null, null, null, NOW, null);

    @Test
    void O1_a_parent_objects_for_a_child_under_16_but_not_for_a_youth_of_16() {
      assertThat(FamilyRules.mayLodgeObjection(MOTHER, youthAged(15), TODAY).allowed()).isTrue();
      assertThat(FamilyRules.mayLodgeObjection(MOTHER, youthAged(16), TODAY).allowed()).isFalse();
      assertThat(
              FamilyRules.mayLodgeObjection(youthAged(16).asPerson(), youthAged(16), TODAY)
                  .allowed())
          .isTrue();
      assertThat(FamilyRules.mayLodgeObjection(STRANGER, youthAged(8), TODAY).reason().ruleId())
          .isEqualTo("O1");
    }

    @Test
    void O3_withdrawn_by_who_lodged_it_or_by_the_youth_once_16() {
      assertThat(FamilyRules.mayWithdrawObjection(MOTHER, byMother, youthAged(10), TODAY).allowed())
          .isTrue();
      assertThat(FamilyRules.mayWithdrawObjection(FATHER, byMother, youthAged(10), TODAY).allowed())
          .isFalse();
      assertThat(
              FamilyRules.mayWithdrawObjection(
                      youthAged(15).asPerson(), byMother, youthAged(15), TODAY)
                  .allowed())
          .isFalse();
      FamilyRules.Answer youth16 =
          FamilyRules.mayWithdrawObjection(
              youthAged(16).asPerson(), byMother, youthAged(16), TODAY);
      assertThat(youth16.allowed()).isTrue();
      assertThat(youth16.reason().ruleId()).isEqualTo("O3");
    }
  }

  @Nested
  class E2_erasure {
    private final PriorRelease onConsent =
        new PriorRelease(
            "rel-1",
            "pro-1",
            WIJKTEAM,
            BSN,
            GGZ,
            "care-coordination",
            Set.of("care-plan"),
            NOW.minusSeconds(86_400),
            NOW.plusSeconds(86_400 * 30),
            Set.of("c-m", "c-f"));
    private final ConsentRecord mother =
        consent("c-m", MOTHER, "care-coordination", Set.of("care-plan"));

    @Test
    void nothing_to_erase_while_consent_stands_and_retention_runs() {
      assertThat(ErasureRules.due(List.of(onConsent), List.of(mother), NOW)).isEmpty();
    }

    @Test
    void C3_withdrawal_makes_every_recipient_of_data_released_on_it_erase() {
      ConsentRecord withdrawn =
          new ConsentRecord(
              "c-f",
              FATHER.id(),
              WIJKTEAM,
              "care-coordination",
              Set.of("care-plan"),
              "v1",
              ConsentRecord.Act.AUTHENTICATED_ACT,
              NOW.minusSeconds(86_400 * 5),
              null,
              NOW.minusSeconds(60));
      List<ErasureDuty> duties =
          ErasureRules.due(List.of(onConsent), List.of(mother, withdrawn), NOW);
      assertThat(duties)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.ruleId()).isEqualTo("C3");
                assertThat(d.recipientOrganisationId()).isEqualTo(WIJKTEAM);
                assertThat(d.releaseId()).isEqualTo("rel-1");
                assertThat(d.reason().key()).isEqualTo(ReasonKey.CONSENT_WITHDRAWN);
                assertThat(d.reason().params())
                    .containsEntry("consent", "c-f")
                    .containsEntry("release", "rel-1")
                    .containsEntry("withdrawnAt", NOW.minusSeconds(60));
              });
      ConsentRecord later =
          new ConsentRecord(
              "c-f",
              FATHER.id(),
              WIJKTEAM,
              "care-coordination",
              Set.of("care-plan"),
              "v1",
              ConsentRecord.Act.AUTHENTICATED_ACT,
              NOW.minusSeconds(86_400 * 5),
              null,
              NOW.plusSeconds(60));
      assertThat(ErasureRules.due(List.of(onConsent), List.of(later), NOW)).isEmpty();
    }

    @Test
    void E1_retention_end_makes_the_recipient_erase() {
      Instant after = onConsent.retentionEnd().plusSeconds(1);
      assertThat(ErasureRules.due(List.of(onConsent), List.of(mother), after))
          .extracting(ErasureDuty::ruleId)
          .containsExactly("E1");
      assertThat(
              ErasureRules.due(List.of(onConsent), List.of(mother), after).get(0).reason().params())
          .containsEntry("until", onConsent.retentionEnd())
          .containsEntry("release", "rel-1");
      assertThat(ErasureRules.due(List.of(onConsent), List.of(mother), onConsent.retentionEnd()))
          .isEmpty();
    }
  }

  @Nested
  class V_recordings {
    private final Recording vht =
        new Recording(
            Recording.Kind.VIDEO_HOME_TRAINING,
            MOTHER.id(),
            "femke",
            List.of("family-a", "family-b"),
            "h",
            "h",
            false,
            null);

    @Test
    void V3_needs_the_owner_and_every_depicted_family_one_refusal_blocks() {
      var owner = new RecordingRules.Party("owner", List.of(MOTHER.id()));
      var familyA = new RecordingRules.Party("family-a", List.of("a-mother", "a-father"));
      var familyB = new RecordingRules.Party("family-b", List.of("b-youth"));
      var parties = List.of(owner, familyA, familyB);
      assertThat(
              RecordingRules.permission(
                  parties,
                  Map.of(MOTHER.id(), true, "a-mother", true, "a-father", true, "b-youth", true)))
          .isEqualTo(RecordingRules.PermissionState.ALLOWED);
      // one person of one family has not answered yet
      assertThat(
              RecordingRules.permission(
                  parties, Map.of(MOTHER.id(), true, "a-mother", true, "b-youth", true)))
          .isEqualTo(RecordingRules.PermissionState.WAITING);
      // one refusal blocks, whatever the others said
      assertThat(
              RecordingRules.permission(
                  parties, Map.of(MOTHER.id(), true, "a-father", false, "b-youth", true)))
          .isEqualTo(RecordingRules.PermissionState.REFUSED);
      // answers of someone who does not decide for a party do not count
      assertThat(
              RecordingRules.permission(
                  List.of(owner), Map.of(MOTHER.id(), true, "neighbour", false)))
          .isEqualTo(RecordingRules.PermissionState.ALLOWED);
      // a family nobody can answer for never consents (fail closed); no parties: nothing allowed
      assertThat(
              RecordingRules.permission(
                  List.of(owner, new RecordingRules.Party("family-c", List.of())),
                  Map.of(MOTHER.id(), true)))
          .isEqualTo(RecordingRules.PermissionState.WAITING);
      assertThat(RecordingRules.permission(List.of(), Map.of()))
          .isEqualTo(RecordingRules.PermissionState.WAITING);
    }

    @Test
    void V1_home_training_belongs_to_the_authority_holders_or_the_agreeing_youth_of_16() {
      assertThat(
              RecordingRules.owners(
                  Recording.Kind.VIDEO_HOME_TRAINING, youthAged(10), TODAY, false, "femke"))
          .containsExactly(MOTHER.id(), FATHER.id());
      assertThat(
              RecordingRules.owners(
                  Recording.Kind.VIDEO_HOME_TRAINING, youthAged(16), TODAY, true, "femke"))
          .containsExactly("youth-1");
      assertThat(
              RecordingRules.owners(
                  Recording.Kind.VIDEO_HOME_TRAINING, youthAged(16), TODAY, false, "femke"))
          .containsExactly(MOTHER.id(), FATHER.id());
      assertThat(
              RecordingRules.owners(
                  Recording.Kind.VIDEO_INTERACTION_COACHING, youthAged(10), TODAY, false, "femke"))
          .containsExactly("femke");
    }

    @Test
    void V4_never_evidence_in_a_dispute() {
      assertThat(RecordingRules.mayServeAsEvidence()).isFalse();
    }

    @Test
    void V6_integrity_holds_only_for_the_registered_content_or_an_announced_edit() {
      assertThat(vht.integrityHolds()).isTrue();
      assertThat(
              new Recording(Recording.Kind.CLASSROOM, "o", "m", List.of(), "a", "b", false, null)
                  .integrityHolds())
          .isFalse();
      assertThat(
              new Recording(Recording.Kind.CLASSROOM, "o", "m", List.of(), "a", "b", true, null)
                  .integrityHolds())
          .isTrue();
      assertThat(
              new Recording(Recording.Kind.CLASSROOM, "o", "m", List.of(), null, null, false, null)
                  .integrityHolds())
          .isFalse();
    }
  }

  @Test
  void C2_a_29_february_birthday_counts_from_1_march_in_a_non_leap_year() {
    Youth leap = new Youth(BSN, "y", "Sam", LocalDate.of(2008, 2, 29), List.of(), null);
    assertThat(leap.ageOn(LocalDate.of(2026, 2, 27))).isEqualTo(17);
    assertThat(leap.ageOn(LocalDate.of(2026, 2, 28))).isEqualTo(17);
    assertThat(leap.ageOn(LocalDate.of(2026, 3, 1))).isEqualTo(18);
    assertThat(leap.ageOn(LocalDate.of(2024, 2, 28))).isEqualTo(15);
    assertThat(leap.ageOn(LocalDate.of(2024, 2, 29))).isEqualTo(16);
    Youth ordinary = new Youth(BSN, "y", "Sam", LocalDate.of(2010, 6, 15), List.of(), null);
    assertThat(ordinary.ageOn(LocalDate.of(2026, 6, 14))).isEqualTo(15);
    assertThat(ordinary.ageOn(LocalDate.of(2026, 6, 15))).isEqualTo(16);
  }
}
