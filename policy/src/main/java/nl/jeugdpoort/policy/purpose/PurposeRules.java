package nl.jeugdpoort.policy.purpose;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.PriorRelease;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.SecurityLabel;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.WithheldItem;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * The P rules: purpose, minimisation, entitlement, labels, no re-checking, and the source's say.
 */
public final class PurposeRules {
  private final PurposeCatalogue catalogue;

  public PurposeRules(PurposeCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** P1 — every request names one known purpose and gives a free-text explanation. */
  public Optional<Purpose> statedPurpose(DataRequest request, Deliberation d) {
    if (request.purpose() == null || request.purpose().isBlank()) {
      d.deny("P1", ReasonKey.PURPOSE_MISSING);
      d.suggest(Suggestion.Key.RESUBMIT_WITH_PURPOSE);
      return Optional.empty();
    }
    Optional<Purpose> purpose = catalogue.purpose(request.purpose());
    Optional<nl.jeugdpoort.policy.catalogue.RefusedUse> refused =
        catalogue.refusedUse(request.purpose());
    if (purpose.isEmpty() && refused.isPresent()) {
      // V4 — recordings are never released as evidence in a dispute between family members or
      // colleagues.
      d.deny(refused.get().ruleId(), ReasonKey.REFUSED_USE, "use", refused.get().code());
      d.suggest(Suggestion.Key.NO_EVIDENCE_USE);
      return Optional.empty();
    }
    if (purpose.isEmpty()) {
      d.deny("P1", ReasonKey.PURPOSE_UNKNOWN, "purpose", request.purpose());
      d.suggest(Suggestion.Key.CHOOSE_CATALOGUE_PURPOSE);
      return Optional.empty();
    }
    if (request.explanation() == null || request.explanation().isBlank()) {
      d.deny("P1", ReasonKey.EXPLANATION_MISSING, "purpose", request.purpose());
      d.suggest(Suggestion.Key.EXPLAIN_NEED);
      return Optional.empty();
    }
    d.permit("P1", ReasonKey.PURPOSE_STATED, "purpose", purpose.get().code());
    return purpose;
  }

  /** P3 — the requester's role and the legal basis must be among those the purpose allows. */
  public void entitlement(DataRequest request, Purpose purpose, Deliberation d) {
    String role = request.requester().role();
    if (!purpose.roles().contains(role)) {
      d.deny("P3", ReasonKey.ROLE_NOT_ENTITLED, "role", role, "purpose", purpose.code());
      d.suggest(Suggestion.Key.ROLE_FOR_PURPOSE);
      return;
    }
    LegalBasis basis = request.legalBasis();
    if (basis == null || !purpose.bases().contains(basis.code())) {
      List<String> allowed = List.copyOf(new TreeSet<>(purpose.bases()));
      d.deny(
          "P3",
          ReasonKey.BASIS_NOT_ALLOWED,
          "basis",
          request.basis(),
          "purpose",
          purpose.code(),
          "allowed",
          allowed);
      d.suggest(Suggestion.Key.BASIS_FOR_PURPOSE, "allowed", allowed);
      return;
    }
    d.permit(
        "P3", ReasonKey.ENTITLED, "role", role, "basis", basis.code(), "purpose", purpose.code());
  }

  /**
   * P2 — only the categories of the purpose, each with its field allow-list. Categories outside the
   * purpose are left out and the requester is told.
   */
  public void scope(DataRequest request, Purpose purpose, Deliberation d) {
    if (request.categories().isEmpty()) {
      d.deny("P2", ReasonKey.CATEGORIES_MISSING);
      d.suggest(Suggestion.Key.NAME_CATEGORIES);
      return;
    }
    for (String category : new TreeSet<>(request.categories())) {
      Set<String> fields = purpose.fields().get(category);
      if (fields == null) {
        d.leaveOut(
            category,
            "P2",
            ReasonKey.CATEGORY_OUTSIDE_PURPOSE,
            "category",
            category,
            "purpose",
            purpose.code());
      } else {
        d.allowCategory(category, fields);
      }
    }
    if (d.releasableCategories().isEmpty()) {
      List<String> allowed = List.copyOf(purpose.sortedCategories());
      d.deny("P2", ReasonKey.NO_CATEGORY_IN_PURPOSE, "purpose", purpose.code(), "allowed", allowed);
      d.suggest(Suggestion.Key.CATEGORIES_OF_PURPOSE, "allowed", allowed);
    }
  }

  /**
   * P5 — an identical request already released to the same requester within its retention period is
   * answered with a reference to that release, not a new fetch.
   */
  public void repeatedRequest(DataRequest request, Facts facts, Deliberation d) {
    Instant now = facts.now();
    for (PriorRelease prior : facts.releaseHistory()) {
      boolean identical =
          prior.requesterPersonId().equals(request.requester().personId())
              && prior.requesterOrganisationId().equals(request.requester().organisationId())
              && prior.youthBsn().equals(request.youthBsn())
              && prior.sourceOrganisationId().equals(request.sourceOrganisationId())
              && prior.purpose().equals(request.purpose())
              && prior.categories().equals(d.releasableCategories());
      if (identical && !now.isAfter(prior.retentionEnd())) {
        d.priorRelease(prior.releaseId());
        d.permit(
            "P5",
            ReasonKey.PRIOR_RELEASE,
            "release",
            prior.releaseId(),
            "releasedAt",
            prior.releasedAt());
        // P5 — the earlier release is the answer, with what it withheld and left out, and why.
        prior.leftOut().forEach(d::carryLeftOut);
        Map<String, List<WithheldItem>> byRule = new TreeMap<>();
        for (WithheldItem w : prior.withheld()) {
          d.carryWithheld(w);
          byRule.computeIfAbsent(w.ruleId(), k -> new ArrayList<>()).add(w);
        }
        byRule.forEach(
            (rule, items) ->
                d.withheldEarlier(
                    rule,
                    ReasonKey.PRIOR_WITHHELD,
                    "release",
                    prior.releaseId(),
                    "count",
                    items.size(),
                    "items",
                    items.stream().map(WithheldItem::itemId).toList(),
                    "categories",
                    items.stream().map(WithheldItem::category).distinct().sorted().toList()));
        if (!prior.withheld().isEmpty()) {
          d.suggest(Suggestion.Key.CONTACT_SOURCE_OR_ASK_CONSENT);
        }
        return;
      }
    }
  }

  /** P4 — purpose of use, confidentiality and the obligations not to re-disclose and to delete. */
  public void labels(Purpose purpose, boolean secrecyReleased, Deliberation d) {
    d.label(new SecurityLabel(SecurityLabel.ACT_REASON, purpose.purposeOfUse(), purpose.display()));
    d.label(new SecurityLabel(SecurityLabel.PURPOSE, purpose.code(), purpose.display()));
    String confidentiality = secrecyReleased ? "V" : purpose.confidentiality();
    d.label(
        new SecurityLabel(
            SecurityLabel.CONFIDENTIALITY,
            confidentiality,
            "V".equals(confidentiality) ? "very restricted" : "restricted"));
    d.label(
        new SecurityLabel(
            SecurityLabel.ACT_CODE, "NORDSCLCD", "no redisclosure without consent directive"));
    if (purpose.deleteAfterUse()) {
      d.label(new SecurityLabel(SecurityLabel.ACT_CODE, "DELAU", "delete after use"));
    }
    d.obligation(
        "P4",
        ReasonKey.LABELS,
        "purposeOfUse",
        purpose.purposeOfUse(),
        "confidentiality",
        confidentiality,
        "deleteAfterUse",
        purpose.deleteAfterUse());
  }
}
