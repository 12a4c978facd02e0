package nl.jeugdpoort.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/** Shared test data: a fixed clock, a family, and request builders. */
final class Fixtures {
  static final PurposeCatalogue CATALOGUE = PurposeCatalogue.load();
  static final PolicyEngine ENGINE = new PolicyEngine(CATALOGUE);
  static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, AMSTERDAM);
  static final String BSN = "111222333";
  static final String WIJKTEAM = "wijkteam-noord";
  static final String GGZ = "ggz-de-linde";
  static final Person MOTHER = new Person("rp-mother", "Moeder", Person.Relation.AUTHORITY_HOLDER);
  static final Person FATHER = new Person("rp-father", "Vader", Person.Relation.AUTHORITY_HOLDER);

  private Fixtures() {}

  static Youth youthAged(int years) {
    return new Youth(
        BSN,
        "youth-1",
        "Sam",
        LocalDate.of(2026, 6, 15).minusYears(years).minusDays(10),
        List.of(MOTHER, FATHER),
        null);
  }

  static Requester worker() {
    return new Requester("pro-1", "Anna de Vries", "neighbourhood-team-worker", WIJKTEAM);
  }

  static DataRequest request(String purpose, String basis, Set<String> categories) {
    return new DataRequest(
        "req-1",
        worker(),
        BSN,
        GGZ,
        purpose,
        "Afstemming van het plan",
        categories,
        basis,
        null,
        null);
  }

  static DataRequest careCoordination(Set<String> categories) {
    return request("care-coordination", "consent", categories);
  }

  static ConsentRecord consent(String id, Person by, String purpose, Set<String> categories) {
    return new ConsentRecord(
        id,
        by.id(),
        WIJKTEAM,
        purpose,
        categories,
        "v1",
        ConsentRecord.Act.AUTHENTICATED_ACT,
        NOW.minusSeconds(86400),
        null,
        null);
  }

  static Facts facts(Youth youth, List<ConsentRecord> consents, List<ObjectionRecord> objections) {
    return new Facts(CLOCK, youth, consents, objections, null, null, List.of());
  }

  /** Facts after notice and fetch: the state of the second decision. */
  static Facts delivered(Facts facts, List<SourceItem> items) {
    return facts.withItems(items).withNoticeDeliveredAt(NOW.minusSeconds(3600));
  }
}
