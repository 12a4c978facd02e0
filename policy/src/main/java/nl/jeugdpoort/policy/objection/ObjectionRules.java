package nl.jeugdpoort.policy.objection;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.consent.ConsentRules;

/**
 * O1 and O4 as functions: which objections are active, match a request, and how specific they are.
 */
public final class ObjectionRules {
  /** Specificity of a consent: always recipient + purpose + categories (O4). */
  public static final int CONSENT_SPECIFICITY = 3;

  private ObjectionRules() {}

  /** O3 — an objection counts from when it is lodged until it is withdrawn. */
  public static boolean isActive(ObjectionRecord o, Instant now) {
    return !now.isBefore(o.lodgedAt())
        && (o.withdrawnAt() == null || now.isBefore(o.withdrawnAt()));
  }

  /** O1 — an objection matches when every scope it names equals the request's. */
  public static boolean matches(
      ObjectionRecord o, String recipientOrg, String purpose, String category) {
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

  /**
   * O1, O4 — every active objection matching the request for one category, the most specific first
   * (ties: the earlier lodged, then the lower id).
   */
  public static List<ObjectionRecord> matching(
      List<ObjectionRecord> objections,
      String recipientOrg,
      String purpose,
      String category,
      Instant now) {
    return objections.stream()
        .filter(o -> isActive(o, now) && matches(o, recipientOrg, purpose, category))
        .sorted(
            Comparator.comparingInt(ObjectionRules::specificity)
                .reversed()
                .thenComparing(ObjectionRecord::lodgedAt)
                .thenComparing(ObjectionRecord::id))
        .toList();
  }

  /**
   * O4 — the latest-starting consent of {@code personId} that is valid (C1) for this recipient,
   * purpose and category at {@code now}.
   */
  public static Optional<ConsentRecord> latestOwnConsent(
      List<ConsentRecord> consents,
      String personId,
      String recipientOrg,
      String purpose,
      String category,
      Instant now) {
    return consents.stream()
        .filter(c -> personId != null && personId.equals(c.givenBy()))
        .filter(c -> ConsentRules.isValidFor(c, recipientOrg, purpose, category, now))
        .max(Comparator.comparing(ConsentRecord::start).thenComparing(ConsentRecord::id));
  }

  /**
   * O4 — whether one person's consent outweighs the same person's objection where they overlap: the
   * later record decides (a consent counts from its start, an objection from when it was lodged);
   * at the same moment the more specific decides, and at equal specificity the objection. The
   * caller makes sure both are the same person's: another person's consent never outweighs an
   * objection.
   */
  public static boolean outweighs(ConsentRecord consent, ObjectionRecord objection) {
    int order = consent.start().compareTo(objection.lodgedAt());
    if (order != 0) {
      return order > 0;
    }
    return CONSENT_SPECIFICITY > specificity(objection);
  }
}
