package nl.jeugdpoort.gateway.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdpoort.gateway.flow.NoticeStep;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.text.FamilyRole;
import nl.jeugdpoort.gateway.text.NoticeTexts.Objector;
import nl.jeugdpoort.policy.ObjectionRecord;
import org.junit.jupiter.api.Test;

/**
 * Who objected (O1, for O2 and refusal notices), and how a notice keeps it for a later composition
 * (N2).
 */
class NoticeComposerTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final DataRequestEntity REQUEST =
      new DataRequestEntity(
          "r1",
          NOW,
          "dirk",
          "Dirk Visser",
          "child-protection-investigator",
          "raad-kinderbescherming",
          "716045886",
          "wijkteam-noord",
          "child-protection-investigation",
          "Onderzoek",
          Set.of("care-plan", "safety"),
          "legal-duty",
          "Plicht",
          null);

  @Test
  void every_person_with_an_active_matching_objection_is_named_once_with_their_family_role() {
    List<ObjectionRecord> objections =
        List.of(
            new ObjectionRecord(
                "o1#care-plan",
                "RelatedPerson/c6-mother",
                "raad-kinderbescherming",
                null,
                "care-plan",
                NOW.minusSeconds(60),
                null),
            new ObjectionRecord(
                "o1#safety",
                "RelatedPerson/c6-mother",
                "raad-kinderbescherming",
                null,
                "safety",
                NOW.minusSeconds(60),
                null),
            new ObjectionRecord(
                "o2",
                "RelatedPerson/c6-father",
                "ggz-de-linde",
                null,
                null,
                NOW.minusSeconds(60),
                null),
            new ObjectionRecord(
                "o3", "Patient/c6", null, null, null, NOW.minusSeconds(600), NOW.minusSeconds(300)),
            new ObjectionRecord(
                "o4", "Patient/c6", null, "referral", null, NOW.minusSeconds(60), null));
    List<Objector> who =
        NoticeComposer.objectors(
            objections,
            REQUEST,
            REQUEST.categories(),
            NOW,
            Map.of("RelatedPerson/c6-mother", FamilyRole.MOTHER, "Patient/c6", FamilyRole.YOUTH));
    assertThat(who).containsExactly(new Objector("RelatedPerson/c6-mother", FamilyRole.MOTHER));
    // Unknown to the source: a parent still.
    assertThat(
            NoticeComposer.objectors(
                objections.subList(0, 1), REQUEST, Set.of("care-plan"), NOW, Map.of()))
        .containsExactly(new Objector("RelatedPerson/c6-mother", FamilyRole.PARENT));
  }

  @Test
  void a_notice_keeps_its_reader_and_objectors_for_a_later_composition() {
    List<Objector> objectors =
        List.of(
            new Objector("RelatedPerson/c6-mother", FamilyRole.MOTHER),
            new Objector("Patient/c6", FamilyRole.YOUTH));
    NoticeEntity n =
        new NoticeEntity(
                "n1",
                "r1",
                "RelatedPerson/c6-father",
                "Mark Jansen",
                "AUTHORITY_HOLDER",
                "after",
                NoticeStep.PORTAL_INBOX,
                "tekst",
                NOW,
                NOW.plusSeconds(3600))
            .composedFor(
                FamilyRole.FATHER.name(),
                "Thijs",
                LocalDate.of(2016, 5, 2),
                NoticeComposer.store(objectors));
    assertThat(NoticeComposer.objectors(n)).isEqualTo(objectors);
    assertThat(NoticeComposer.reader(n))
        .isEqualTo(
            new NoticeComposer.Reader(
                "RelatedPerson/c6-father",
                "Mark Jansen",
                FamilyRole.FATHER,
                "Thijs",
                LocalDate.of(2016, 5, 2)));
    assertThat(NoticeComposer.store(List.of())).isNull();
    // A notice stored before the templates: the relation is all there is, and no first name.
    NoticeEntity old =
        new NoticeEntity(
            "n0",
            "r1",
            "RelatedPerson/c6-father",
            null,
            "AUTHORITY_HOLDER",
            "after",
            NoticeStep.PORTAL_INBOX,
            "tekst",
            NOW,
            null);
    assertThat(NoticeComposer.reader(old).role()).isEqualTo(FamilyRole.PARENT);
    assertThat(NoticeComposer.reader(old).childFirstName()).isEmpty();
    assertThat(NoticeComposer.objectors(old)).isEmpty();
  }

  @Test
  void the_message_id_is_derived_from_the_notice_id() {
    assertThat(NoticeOutbox.messageId("6f1c2a")).isEqualTo("<notice-6f1c2a@jeugdpoort>");
  }
}
