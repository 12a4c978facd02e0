package nl.jeugdpoort.policy.secrecy;

import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.SourceItem;
import java.util.ArrayList;
import java.util.List;
import nl.jeugdpoort.policy.consent.ConsentChecks;

/**
 * S1 — items the source flags as under professional secrecy are released only with valid consent for
 * this recipient, purpose and category, or on a legal duty / compelling interest with a written
 * motivation; otherwise they are withheld while the rest goes.
 */
public final class SecrecyRule {

  /** @return true when at least one secrecy item is released */
  public boolean apply(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    boolean released = false;
    List<SourceItem> withheld = new ArrayList<>();
    LegalBasis basis = request.legalBasis();
    boolean motivatedOverride = basis != null && basis.isOverriding() && request.hasMotivation();
    for (SourceItem item : facts.items()) {
      if (!item.professionalSecrecy() || !d.isReleasable(item.category())) {
        continue;
      }
      if (motivatedOverride || consents.forCategory(item.category()).complete()) {
        released = true;
      } else {
        withheld.add(item);
      }
    }
    if (!withheld.isEmpty()) {
      d.withhold(
          withheld,
          "S1",
          "Een deel van de gegevens valt onder het beroepsgeheim en wordt zonder toestemming niet gedeeld.",
          withheld.size() + " item(s) under professional secrecy without consent for this recipient, purpose and "
              + "category and without a motivated legal duty or compelling interest: withheld "
              + withheld.stream().map(SourceItem::id).toList() + ".");
      d.suggest("Vraag de familie om toestemming of neem contact op met de hulpverlener bij de bron.");
    } else if (released) {
      d.permit(
          "S1",
          "Gegevens onder beroepsgeheim worden gedeeld met toestemming of op grond van een wettelijke plicht of zwaarwegend belang.",
          "Professional-secrecy items released on consent or motivated " + (basis == null ? "basis" : basis.code()) + ".");
    }
    return released;
  }
}
