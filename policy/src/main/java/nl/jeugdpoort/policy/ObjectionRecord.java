package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * An objection (rule O1), scoped to all exchange (every scope field null), or to a recipient
 * organisation, a purpose and/or a category. The more scope fields are set, the more specific it is
 * (rule O4).
 *
 * @param id the record id, named in the decision that it decided (rule O4)
 * @param lodgedBy the person id of who lodged it
 * @param recipientOrganisationId scope: a recipient organisation, or null for any
 * @param purpose scope: a purpose code, or null for any
 * @param category scope: a data category, or null for any
 * @param lodgedAt when it was lodged
 * @param withdrawnAt when it was withdrawn (rule O3), or null
 */
public record ObjectionRecord(
    String id,
    String lodgedBy,
    String recipientOrganisationId,
    String purpose,
    String category,
    Instant lodgedAt,
    Instant withdrawnAt) {

  public ObjectionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lodgedAt, "lodgedAt");
  }
}
