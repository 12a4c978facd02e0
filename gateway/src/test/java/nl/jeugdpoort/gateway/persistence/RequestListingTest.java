package nl.jeugdpoort.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The list queries of issue #16.5 on H2 with the V16 indexes: filters before the page is cut, pages
 * that join up without gaps or repeats, both sides of an organisation merged newest first, and
 * plans that use the indexes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestListingTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private Database db;
  private RequestListing listing;
  private final List<String> mine = new ArrayList<>();

  @BeforeAll
  void seed() {
    db = new Database(new DatabaseSettings("jdbc:h2:mem:listing;DB_CLOSE_DELAY=-1", "sa", "", 2));
    listing = new RequestListing(db);
    db.write(
        em -> {
          em.persist(new OrganisationEntity("wijk", "Wijkteam", "requester", null));
          em.persist(new OrganisationEntity("bron", "Bron", "source", "/demo"));
          // 300 requests by "wijk" to "bron"; every tenth refused; every seventh flagged for
          // review. Three share a time.
          for (int i = 0; i < 300; i++) {
            String id = String.format("req-%03d", i);
            Instant at = i < 3 ? T0 : T0.plusSeconds(i);
            DataRequestEntity r =
                new DataRequestEntity(
                    id,
                    at,
                    "anna",
                    "Anna",
                    "neighbourhood-team-worker",
                    "wijk",
                    "111222333",
                    "bron",
                    "care-coordination",
                    "uitleg",
                    Set.of("care-plan"),
                    "consent",
                    null,
                    null);
            if (i % 10 == 0) {
              r.moveTo(RequestStatus.REFUSED, "P1", at);
            }
            if (i % 7 == 0) {
              r.recordDecision("{}", true, null);
            }
            em.persist(r);
            mine.add(0, id);
            if (i % 2 == 0) {
              em.persist(
                  new NoticeEntity(
                      "n-" + id + "-b",
                      id,
                      "RelatedPerson/1",
                      "Moeder",
                      "AUTHORITY_HOLDER",
                      "before",
                      "portal-inbox",
                      "tekst",
                      at,
                      null));
              em.persist(
                  new NoticeEntity(
                      "n-" + id + "-a",
                      id,
                      "RelatedPerson/1",
                      "Moeder",
                      "AUTHORITY_HOLDER",
                      "after",
                      "portal-inbox",
                      "tekst",
                      at.plusSeconds(1),
                      at.plusSeconds(3600)));
            }
          }
          // 50 requests by "bron" itself to "wijk" (the other side for the merge).
          for (int i = 0; i < 50; i++) {
            em.persist(
                new DataRequestEntity(
                    String.format("src-%03d", i),
                    T0.plusSeconds(2 * i + 1),
                    "bob",
                    "Bob",
                    "neighbourhood-team-worker",
                    "bron",
                    "111222333",
                    "wijk",
                    "care-coordination",
                    "uitleg",
                    Set.of("care-plan"),
                    "consent",
                    null,
                    null));
          }
          return null;
        });
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void pages_join_up_newest_first_without_gaps_or_repeats() {
    List<String> seen = new ArrayList<>();
    int offset = 0;
    RequestListing.Page<DataRequestEntity> page;
    do {
      page = listing.ofRequester("wijk", Set.of(), Set.of(), offset, 64);
      page.rows().forEach(r -> seen.add(r.id()));
      offset += 64;
    } while (page.more());
    // Newest first; the three with the same time by id, descending.
    assertThat(seen).hasSize(300).doesNotHaveDuplicates();
    assertThat(seen.subList(297, 300)).containsExactly("req-002", "req-001", "req-000");
    assertThat(seen.get(0)).isEqualTo("req-299");
    assertThat(listing.ofRequester("wijk", Set.of(), Set.of(), 300, 10).rows()).isEmpty();
  }

  @Test
  void the_status_filter_applies_before_the_page_is_cut() {
    // 30 refused requests among 300: all of them on one page of 50, although 270 newer others
    // exist.
    RequestListing.Page<DataRequestEntity> rejected =
        listing.ofRequester("wijk", Set.of("rejected"), Set.of(), 0, 50);
    assertThat(rejected.rows())
        .hasSize(30)
        .allMatch(r -> r.businessStatus() == RequestStatus.REFUSED);
    assertThat(rejected.more()).isFalse();
    assertThat(
            listing.ofRequester("wijk", Set.of(), EnumSet.of(RequestStatus.REFUSED), 0, 29).more())
        .isTrue();
    assertThat(listing.ofRequester("wijk", Set.of("requested"), Set.of(), 0, 200).rows())
        .hasSize(200);
    assertThat(listing.ofRequester("wijk", Set.of("completed"), Set.of(), 0, 200).rows()).isEmpty();
  }

  @Test
  void an_organisation_sees_both_sides_merged_newest_first() {
    List<DataRequestEntity> rows = new ArrayList<>();
    int offset = 0;
    RequestListing.Page<DataRequestEntity> page;
    do {
      page = listing.ofOrganisation("bron", offset, 40);
      rows.addAll(page.rows());
      offset += 40;
    } while (page.more());
    assertThat(rows).hasSize(350).extracting(DataRequestEntity::id).doesNotHaveDuplicates();
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i - 1).createdAt()).isAfterOrEqualTo(rows.get(i).createdAt());
    }
    assertThat(listing.ofOrganisation("wijk", 0, 1000).rows()).hasSize(350);
    assertThat(listing.flaggedForReview("wijk", 0, 500).rows())
        .hasSize(43)
        .allMatch(DataRequestEntity::reviewRequired);
  }

  @Test
  void notices_and_names_of_a_whole_page_come_in_one_query_each() {
    List<String> ids =
        listing.ofRequester("wijk", Set.of(), Set.of(), 0, 10).rows().stream()
            .map(DataRequestEntity::id)
            .toList();
    var notices = listing.noticeIds(ids);
    assertThat(notices.get("req-298")).containsExactly("n-req-298-b", "n-req-298-a");
    assertThat(notices).doesNotContainKey("req-299");
    assertThat(listing.noticesAfterwards(ids).get("req-298"))
        .singleElement()
        .satisfies(n -> assertThat(n.timing()).isEqualTo("after"));
    assertThat(listing.organisationNames(List.of("wijk", "bron", "wijk", "elders")))
        .containsEntry("wijk", "Wijkteam")
        .containsEntry("bron", "Bron")
        .containsEntry("elders", "elders")
        .hasSize(3);
    assertThat(listing.noticeIds(List.of())).isEmpty();
  }

  @Test
  void bad_pages_are_refused() {
    assertThatThrownBy(() -> listing.ofRequester("wijk", Set.of(), Set.of(), -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> listing.ofRequester("wijk", Set.of(), Set.of(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_lists_and_searches_use_the_v16_indexes() throws Exception {
    assertThat(
            plan(
                "select id from data_request where requester_org = 'wijk' order by created_at desc, id desc limit 51"))
        .contains("DATA_REQUEST_REQUESTER_NEW");
    assertThat(
            plan(
                "select id from data_request where requester_org = 'wijk' and status in ('rejected') "
                    + "order by created_at desc, id desc limit 51"))
        .contains("DATA_REQUEST_REQUESTER_STATUS");
    assertThat(
            plan(
                "select id from data_request where source_org = 'bron' and requester_org <> 'bron' "
                    + "order by created_at desc, id desc limit 51"))
        .contains("DATA_REQUEST_SOURCE_NEW");
    assertThat(
            plan(
                "select seq from audit_entry where event_type = 'login' and actor_org = 'wijk' order by seq desc limit 200"))
        .contains("AUDIT_TYPE_ORG_SEQ");
    assertThat(
            plan(
                "select id from notice where recipient_ref = 'RelatedPerson/1' and delivered_at is not null "
                    + "order by delivered_at desc limit 200"))
        .contains("NOTICE_INBOX");
    assertThat(
            plan(
                "select id from data_request where business_status = 'HELD_OBJECTION_WINDOW' and hold_until <= now()"))
        .contains("DATA_REQUEST_STATUS_HOLD");
  }

  private String plan(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("explain " + sql)) {
      rs.next();
      return rs.getString(1).toUpperCase();
    }
  }
}
