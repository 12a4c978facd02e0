package nl.jeugdpoort.policy.secrecy;

import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.SourceItem;
import nl.jeugdpoort.policy.consent.ConsentRules;

/**
 * S1 — items the source flags as under professional secrecy are released only with valid consent for
 * this recipient, purpose and category, or on a legal duty / compelling interest with a written
 * motivation; otherwise they are withheld while the rest goes.
 */
public final class SecrecyRule {

  /** @return true when at least one secrecy item is released */
  public boolean apply(DataRequest request, Facts facts, Deliberation d) {
    boolean released = false;
    int withheld = 0;
    LegalBasis basis = request.legalBasis();
    boolean motivatedOverride = basis != null && basis.isOverriding() && request.hasMotivation();
    for (SourceItem item : facts.items()) {
      if (!item.professionalSecrecy() || !d.releasableCategories().contains(item.category())) {
        continue;
      }
      if (motivatedOverride || ConsentRules.check(request, facts, item.category()).complete()) {
        released = true;
      } else {
        withheld++;
        d.withhold(
            item,
            "S1",
            "Een deel van de gegevens valt onder het beroepsgeheim en wordt zonder toestemming niet gedeeld.",
            "Item " + item.id() + " is under professional secrecy; no consent for this recipient, purpose "
                + "and category and no motivated legal duty or compelling interest: withheld.");
      }
    }
    if (withheld > 0) {
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
