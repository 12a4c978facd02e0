package nl.jeugdpoort.policy.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Requester;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.Youth;

/**
 * The typical request of issue #3's benchmark: 10 categories, 200 source items (a fifth under
 * professional secrecy), 5 consents, 3 objections; the second decision (after notice and fetch).
 */
public final class TypicalRequest {
  public static final List<String> CATEGORIES =
      List.of(
          "identification",
          "legal-representation",
          "care-team",
          "care-plan",
          "diagnoses",
          "observations",
          "safety",
          "education",
          "notes",
          "recordings");

  public final DataRequest request;
  public final Facts facts;
  public final List<SourceItem> items;

  public TypicalRequest() {
    Instant now = Instant.parse("2026-06-15T10:00:00Z");
    Clock clock = Clock.fixed(now, ZoneId.of("Europe/Amsterdam"));
    Person mother = new Person("RelatedPerson/m", "Moeder", Person.Relation.AUTHORITY_HOLDER);
    Person father = new Person("RelatedPerson/f", "Vader", Person.Relation.AUTHORITY_HOLDER);
    Youth youth =
        new Youth(
            "111222333",
            "Patient/y",
            "Sam",
            LocalDate.of(2013, 3, 1),
            List.of(mother, father),
            null);
    request =
        new DataRequest(
            "req-1",
            new Requester(
                "dirk", "Dirk Visser", "child-protection-investigator", "raad-kinderbescherming"),
            "111222333",
            "wijkteam-noord",
            "child-protection-investigation",
            "Onderzoek op verzoek van de rechtbank",
            Set.copyOf(CATEGORIES),
            "legal-duty",
            null,
            null);
    List<ConsentRecord> consents = new ArrayList<>();
    for (String by : List.of("Patient/y", "RelatedPerson/m", "RelatedPerson/f")) {
      consents.add(
          new ConsentRecord(
              "c-" + by,
              by,
              "raad-kinderbescherming",
              "child-protection-investigation",
              Set.of("care-plan", "observations"),
              "v3",
              ConsentRecord.Act.AUTHENTICATED_ACT,
              now.minusSeconds(86_400),
              null,
              null));
    }
    consents.add(
        new ConsentRecord(
            "c-old",
            "RelatedPerson/m",
            "raad-kinderbescherming",
            "child-protection-investigation",
            Set.of("diagnoses"),
            "v2",
            ConsentRecord.Act.AUTHENTICATED_ACT,
            now.minusSeconds(864_000),
            null,
            now.minusSeconds(86_400)));
    consents.add(
        new ConsentRecord(
            "c-school",
            "RelatedPerson/f",
            "school-de-brug",
            "care-coordination",
            Set.of("care-plan"),
            "v3",
            ConsentRecord.Act.AUTHENTICATED_ACT,
            now.minusSeconds(86_400),
            null,
            null));
    List<ObjectionRecord> objections =
        List.of(
            new ObjectionRecord(
                "o-1",
                "RelatedPerson/m",
                "school-de-brug",
                null,
                null,
                now.minusSeconds(3_600),
                null),
            new ObjectionRecord(
                "o-2", "RelatedPerson/f", null, "treatment", null, now.minusSeconds(3_600), null),
            new ObjectionRecord(
                "o-3", "Patient/y", null, null, "education", now.minusSeconds(3_600), null));
    items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(SourceItem.of("Resource/" + i, CATEGORIES.get(i % 8), i % 5 == 0));
    }
    facts = new Facts(clock, youth, consents, objections, items, now.minusSeconds(60), List.of());
  }
}
