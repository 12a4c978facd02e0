package nl.jeugdpoort.policy.objection;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import nl.jeugdpoort.policy.ObjectionRecord;

/** O1 and O4 as functions: which objections are active, match a request, and how specific they are. */
public final class ObjectionRules {
  /** Specificity of a consent: always recipient + purpose + categories (O4). */
  public static final int CONSENT_SPECIFICITY = 3;

  private static final Comparator<ObjectionRecord> MORE_SPECIFIC_FIRST =
      Comparator.comparingInt(ObjectionRules::specificity).thenComparing(ObjectionRecord::id, Comparator.reverseOrder());

  private ObjectionRules() {}

  /** O3 — an objection counts from when it is lodged until it is withdrawn. */
  public static boolean isActive(ObjectionRecord o, Instant now) {
    return !now.isBefore(o.lodgedAt()) && (o.withdrawnAt() == null || now.isBefore(o.withdrawnAt()));
  }

  /** O1 — an objection matches when every scope it names equals the request's. */
  public static boolean matches(ObjectionRecord o, String recipientOrg, String purpose, String category) {
    return (o.recipientOrganisationId() == null || o.recipientOrganisationId().equals(recipientOrg))
        && (o.purpose() == null || o.purpose().equals(purpose))
        && (o.category() == null || o.category().equals(category));
  }

  /** O4 — recipient + purpose + category beats purpose alone beats all exchange. */
  public static int specificity(ObjectionRecord o) {
    int s = 0;
    if (o.recipientOrganisationId() != null) {
      s++;
    }
    if (o.purpose() != null) {
      s++;
    }
    if (o.category() != null) {
      s++;
    }
    return s;
  }

  /** The most specific active objection matching the request for one category (ties: lowest id). */
  public static Optional<ObjectionRecord> strongest(
      List<ObjectionRecord> objections,
      String recipientOrg,
      String purpose,
      String category,
      Instant now) {
    ObjectionRecord best = null;
    for (ObjectionRecord o : objections) {
      if (isActive(o, now) && matches(o, recipientOrg, purpose, category)
          && (best == null || MORE_SPECIFIC_FIRST.compare(o, best) > 0)) {
        best = o;
      }
    }
    return Optional.ofNullable(best);
  }
}
