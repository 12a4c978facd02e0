package nl.jeugdpoort.policy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything the policy may know besides the request. Built by the gateway from its database and
 * the source; the policy never fetches anything itself.
 *
 * @param clock the decision's clock: the only source of "now"
 * @param youth the youth and their legal representation, or null when the source does not know them
 * @param consents every consent record about this youth (also withdrawn and expired ones)
 * @param objections every objection about this youth (also withdrawn ones)
 * @param items the source's items for the requested categories, or null when not fetched yet
 * @param noticeDeliveredAt when the family's notice was stored and handed to its channel (N1), or
 *     null
 * @param releaseHistory earlier releases about this youth (rule P5)
 */
public record Facts(
    Clock clock,
    Youth youth,
    List<ConsentRecord> consents,
    List<ObjectionRecord> objections,
    List<SourceItem> items,
    Instant noticeDeliveredAt,
    List<PriorRelease> releaseHistory) {

  public Facts {
    Objects.requireNonNull(clock, "clock");
    consents = consents == null ? List.of() : List.copyOf(consents);
    objections = objections == null ? List.of() : List.copyOf(objections);
    items = items == null ? null : List.copyOf(items);
    releaseHistory = releaseHistory == null ? List.of() : List.copyOf(releaseHistory);
  }

  public Instant now() {
    return clock.instant();
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), clock.getZone());
  }

  public boolean itemsFetched() {
    return items != null;
  }

  /** A copy with the items the connector fetched. */
  public Facts withItems(List<SourceItem> fetched) {
    return new Facts(
        clock, youth, consents, objections, fetched, noticeDeliveredAt, releaseHistory);
  }

  /** A copy stating that the notice was delivered at {@code at}. */
  public Facts withNoticeDeliveredAt(Instant at) {
    return new Facts(clock, youth, consents, objections, items, at, releaseHistory);
  }
}
