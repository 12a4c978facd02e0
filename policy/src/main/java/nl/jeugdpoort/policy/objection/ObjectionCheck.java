package nl.jeugdpoort.policy.objection;

import java.util.Optional;
import java.util.stream.Collectors;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import nl.jeugdpoort.policy.consent.ConsentChecks;
import nl.jeugdpoort.policy.consent.ConsentRules.ConsentCheck;

/**
 * Per requested category: objections (O1, O2, O4) weighed against consent (C1, C2) and the legal basis.
 * A category that fails is left out; the request is refused when none remains.
 */
public final class ObjectionCheck {
  private final PurposeCatalogue catalogue;

  public ObjectionCheck(PurposeCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public void apply(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    String recipient = request.requester().organisationId();
    LegalBasis basis = request.legalBasis();
    for (String category : d.releasableCategories().stream().sorted().toList()) {
      String name = catalogue.categoryDisplay(category);
      ConsentCheck consent = consents.forCategory(category);
      Optional<ObjectionRecord> objection =
          ObjectionRules.strongest(
              facts.objections(), recipient, request.purpose(), category, facts.now());

      if (objection.isPresent()) {
        ObjectionRecord o = objection.get();
        if (consent.complete() && ObjectionRules.specificity(o) < ObjectionRules.CONSENT_SPECIFICITY) {
          // O4 — the more specific consent decides over a broader objection.
          d.permit(
              "O4",
              "Er is bezwaar gemaakt, maar voor " + name + " is specifiek toestemming gegeven voor deze ontvanger en dit doel.",
              "Objection " + o.id() + " (specificity " + ObjectionRules.specificity(o)
                  + ") is outweighed by more specific consent " + ids(consent) + " for '" + category + "'.");
          continue;
        }
        if (basis != null && basis.isOverriding() && request.hasMotivation()) {
          // O2 — a legal duty or compelling interest with a written motivation overrides, for the named categories.
          d.permit(
              "O2",
              "U heeft bezwaar gemaakt, maar " + name + " wordt toch gedeeld omdat er een " + basis.dutch()
                  + " is. De reden staat in het bericht aan u. Een privacyfunctionaris controleert dit.",
              "Objection " + o.id() + " overridden for '" + category + "' on " + basis.code()
                  + " with written motivation; flagged for privacy-officer review.");
          d.requireReview();
          continue;
        }
        // O1 — a request matching an active objection is refused (O4: objection beats consent at equal specificity).
        d.leaveOut(
            category,
            consent.complete() ? "O4" : "O1",
            "Er is bezwaar gemaakt tegen het delen van " + name + ". Dit wordt daarom niet gedeeld.",
            "Category '" + category + "' matches active objection " + o.id()
                + (consent.complete() ? " which beats consent " + ids(consent) + " at equal specificity." : "."));
        d.suggest("Bespreek het bezwaar met de familie; zonder wettelijke plicht of zwaarwegend belang blijft het staan.");
        continue;
      }

      if (basis == LegalBasis.CONSENT) {
        if (consent.complete()) {
          d.permit(
              "C2",
              "Voor " + name + " is toestemming gegeven door iedereen die toestemming moet geven.",
              "Valid consent " + ids(consent) + " from every required person for '" + category + "'.");
        } else if (consent.nobodyCanConsent()) {
          d.leaveOut(
              category,
              "C2",
              "Er is niemand bekend die toestemming kan geven voor " + name + ". Dit wordt daarom niet gedeeld.",
              "No person who can consent is known for '" + category + "' (no authority holder recorded); fail closed.");
          d.suggest("Stel vast wie het gezag heeft en vraag hen om toestemming.");
        } else {
          d.leaveOut(
              category,
              "C2",
              "Voor " + name + " ontbreekt toestemming van " + names(consent) + ". Dit wordt daarom niet gedeeld.",
              "Consent missing for '" + category + "' from " + consent.missing().stream().map(Person::id).toList()
                  + " (C1 validity and C2 required persons).");
          d.suggest("Vraag de jongere en/of de gezaghebbende ouders om toestemming via Jeugdpoort.");
        }
      }
    }
    if (d.releasableCategories().isEmpty() && !d.isDenied()) {
      d.deny(
          "O1",
          "Er wordt niets gedeeld: voor geen van de gevraagde gegevens is er toestemming of een grond zonder bezwaar.",
          "Refused: every requested category was left out by objection or missing consent.");
      d.suggest("Neem contact op met de hulpverlener bij de bron of vraag de familie om toestemming.");
    }
  }

  private static String ids(ConsentCheck consent) {
    return consent.valid().stream().map(c -> c.id()).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String names(ConsentCheck consent) {
    return consent.missing().stream()
        .map(p -> switch (p.relation()) {
              case YOUTH -> "de jongere";
              case AUTHORITY_HOLDER -> "een ouder of voogd met gezag";
              case REPRESENTATIVE -> "de curator of mentor";
            })
        .distinct()
        .collect(Collectors.joining(" en "));
  }
}
