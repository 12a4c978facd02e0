package nl.jeugdpoort.policy.objection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.jeugdpoort.policy.ConsentRecord;
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
 * A category that fails is left out; the request is refused when none remains, citing the rule(s) that
 * left the categories out (O1, O2, O4 or C2).
 *
 * <p>O4 weighs per person: an objection is outweighed only by a valid consent of the <em>same</em>
 * person that is later, or of the same moment and more specific ({@link ObjectionRules#outweighs}). One
 * person's consent never outweighs another person's objection.
 */
public final class ObjectionCheck {
  private final PurposeCatalogue catalogue;

  public ObjectionCheck(PurposeCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public void apply(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    String recipient = request.requester().organisationId();
    LegalBasis basis = request.legalBasis();
    Set<String> leftOutBy = new LinkedHashSet<>();
    for (String category : d.releasableCategories().stream().sorted().toList()) {
      String name = catalogue.categoryDisplay(category);
      ConsentCheck consent = consents.forCategory(category);
      List<ObjectionRecord> standing = new ArrayList<>();
      List<ObjectionRecord> outweighed = new ArrayList<>();
      List<ConsentRecord> outweighing = new ArrayList<>();
      boolean beatOwnConsent = false;
      for (ObjectionRecord o :
          ObjectionRules.matching(facts.objections(), recipient, request.purpose(), category, facts.now())) {
        Optional<ConsentRecord> own =
            ObjectionRules.latestOwnConsent(facts.consents(), o.lodgedBy(), recipient, request.purpose(), category,
                facts.now());
        if (own.isPresent() && ObjectionRules.outweighs(own.get(), o)) {
          outweighed.add(o);
          outweighing.add(own.get());
        } else {
          if (standing.isEmpty()) {
            beatOwnConsent = own.isPresent();
          }
          standing.add(o);
        }
      }

      if (!standing.isEmpty()) {
        ObjectionRecord o = standing.get(0);
        if (basis != null && basis.isOverriding() && request.hasMotivation()) {
          // O2 — a legal duty or compelling interest with a written motivation overrides, for the named categories.
          d.permit(
              "O2",
              "U heeft bezwaar gemaakt, maar " + name + " wordt toch gedeeld omdat er een " + basis.dutch()
                  + " is. De reden staat in het bericht aan u. Een privacyfunctionaris controleert dit.",
              "Objection(s) " + idsOf(standing) + " overridden for '" + category + "' on " + basis.code()
                  + " with written motivation; flagged for privacy-officer review.");
          d.requireReview();
          continue;
        }
        if (basis != null && basis.isOverriding()) {
          // O2 — an override needs a written motivation; without one the objection stands.
          d.leaveOut(
              category,
              "O2",
              "Er is bezwaar gemaakt tegen het delen van " + name + ". Dit wordt daarom niet gedeeld.",
              "Category '" + category + "' matches active objection " + o.id() + "; basis " + basis.code()
                  + " could override it (O2) but no written motivation was given.");
          d.suggest("Een schriftelijke motivering kan worden gegeven: met een wettelijke plicht of zwaarwegend belang "
              + "en een motivering kan het bezwaar opzij worden gezet (de privacyfunctionaris controleert dit).");
          leftOutBy.add("O2");
          continue;
        }
        // O1 — a request matching an active objection is refused; O4 when it outweighed the person's own consent.
        String rule = beatOwnConsent ? "O4" : "O1";
        d.leaveOut(
            category,
            rule,
            "Er is bezwaar gemaakt tegen het delen van " + name + ". Dit wordt daarom niet gedeeld.",
            "Category '" + category + "' matches active objection " + o.id() + " by " + o.lodgedBy()
                + (beatOwnConsent ? ", which outweighs that person's own consent (later, or equal moment and at least as specific)." : "."));
        d.suggest("Bespreek het bezwaar met de familie; zonder wettelijke plicht of zwaarwegend belang blijft het staan.");
        leftOutBy.add(rule);
        continue;
      }

      if (!outweighed.isEmpty()) {
        // O4 — each objection is outweighed by a later (or equally timed, more specific) consent of the same person.
        d.permit(
            "O4",
            "Er is eerder bezwaar gemaakt, maar daarna is voor " + name + " toestemming gegeven door dezelfde persoon.",
            "Objection(s) " + idsOf(outweighed) + " outweighed by the same person's later or more specific consent "
                + outweighing.stream().map(ConsentRecord::id).distinct().collect(Collectors.joining(", ", "[", "]"))
                + " for '" + category + "'.");
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
          leftOutBy.add("C2");
        } else {
          d.leaveOut(
              category,
              "C2",
              "Voor " + name + " ontbreekt toestemming van " + names(consent) + ". Dit wordt daarom niet gedeeld.",
              "Consent missing for '" + category + "' from " + consent.missing().stream().map(Person::id).toList()
                  + " (C1 validity and C2 required persons).");
          d.suggest("Vraag de jongere en/of de gezaghebbende ouders om toestemming via Jeugdpoort.");
          leftOutBy.add("C2");
        }
      }
    }
    if (d.releasableCategories().isEmpty() && !d.isDenied()) {
      for (String rule : leftOutBy) {
        d.deny(
            rule,
            "C2".equals(rule)
                ? "Er wordt niets gedeeld: de toestemming die nodig is ontbreekt."
                : "Er wordt niets gedeeld: er is bezwaar gemaakt.",
            "Refused: every requested category was left out (" + rule + ").");
      }
      d.suggest("Neem contact op met de hulpverlener bij de bron of vraag de familie om toestemming.");
    }
  }

  private static String idsOf(List<ObjectionRecord> objections) {
    return objections.stream().map(ObjectionRecord::id).collect(Collectors.joining(", ", "[", "]"));
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
