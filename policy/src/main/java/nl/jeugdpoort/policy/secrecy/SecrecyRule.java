package nl.jeugdpoort.policy.secrecy;

import java.util.ArrayList;
import java.util.List;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.consent.ConsentChecks;

/**
 * S1 — items the source flags as under professional secrecy are released only with valid consent
 * for this recipient, purpose and category, or on a legal duty / compelling interest with a written
 * motivation; otherwise they are withheld while the rest goes.
 */
public final class SecrecyRule {

  /**
   * @return true when at least one secrecy item is released
   */
  public boolean apply(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    boolean released = false;
    List<SourceItem> withheld = new ArrayList<>();
    java.util.Set<String> releasedCategories = new java.util.HashSet<>();
    LegalBasis basis = request.legalBasis();
    boolean motivatedOverride = basis != null && basis.isOverriding() && request.hasMotivation();
    for (SourceItem item : facts.items()) {
      if (!item.professionalSecrecy() || !d.isReleasable(item.category())) {
        continue;
      }
      if (motivatedOverride || consents.forCategory(item.category()).complete()) {
        released = true;
        releasedCategories.add(item.category());
      } else {
        withheld.add(item);
      }
    }
    if (!withheld.isEmpty()) {
      d.withhold(
          withheld,
          "S1",
          ReasonKey.SECRECY_WITHHELD,
          "count",
          withheld.size(),
          "items",
          withheld.stream().map(SourceItem::id).toList(),
          "categories",
          withheld.stream().map(SourceItem::category).distinct().sorted().toList());
      d.suggest(Suggestion.Key.CONTACT_SOURCE_OR_ASK_CONSENT);
    } else if (released) {
      d.permit(
          "S1",
          ReasonKey.SECRECY_RELEASED,
          "basis",
          motivatedOverride ? basis.code() : null,
          "categories",
          releasedCategories.stream().sorted().toList());
    }
    return released;
  }
}
