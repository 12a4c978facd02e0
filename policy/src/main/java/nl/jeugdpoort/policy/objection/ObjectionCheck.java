package nl.jeugdpoort.policy.objection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.jeugdpoort.policy.ConsentRecord;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.consent.ConsentChecks;
import nl.jeugdpoort.policy.consent.ConsentRules.ConsentCheck;

/**
 * Per requested category: objections (O1, O2, O4) weighed against consent (C1, C2) and the legal
 * basis. A category that fails is left out; the request is refused when none remains, citing the
 * rule(s) that left the categories out (O1, O2, O4 or C2).
 *
 * <p>O4 weighs per person: an objection is outweighed only by a valid consent of the <em>same</em>
 * person that is later, or of the same moment and more specific ({@link ObjectionRules#outweighs}).
 * One person's consent never outweighs another person's objection.
 */
public final class ObjectionCheck {

  public void apply(DataRequest request, Facts facts, ConsentChecks consents, Deliberation d) {
    String recipient = request.requester().organisationId();
    LegalBasis basis = request.legalBasis();
    Set<String> leftOutBy = new LinkedHashSet<>();
    Set<Person> missing = new LinkedHashSet<>();
    for (String category : d.releasableCategories().stream().sorted().toList()) {
      ConsentCheck consent = consents.forCategory(category);
      List<ObjectionRecord> standing = new ArrayList<>();
      List<ObjectionRecord> outweighed = new ArrayList<>();
      List<ConsentRecord> outweighing = new ArrayList<>();
      ConsentRecord beatOwnConsent = null;
      for (ObjectionRecord o :
          ObjectionRules.matching(
              facts.objections(), recipient, request.purpose(), category, facts.now())) {
        Optional<ConsentRecord> own =
            ObjectionRules.latestOwnConsent(
                facts.consents(),
                o.lodgedBy(),
                recipient,
                request.purpose(),
                category,
                facts.now());
        if (own.isPresent() && ObjectionRules.outweighs(own.get(), o)) {
          outweighed.add(o);
          outweighing.add(own.get());
        } else {
          if (standing.isEmpty()) {
            beatOwnConsent = own.orElse(null);
          }
          standing.add(o);
        }
      }

      if (!standing.isEmpty()) {
        ObjectionRecord o = standing.get(0);
        if (basis != null && basis.isOverriding() && request.hasMotivation()) {
          // O2 — a legal duty or compelling interest with a written motivation overrides, for the
          // named categories.
          d.permit(
              "O2",
              ReasonKey.OBJECTION_OVERRIDDEN,
              "category",
              category,
              "objections",
              idsOf(standing),
              "by",
              lodgers(facts, standing),
              "basis",
              basis.code());
          d.requireReview();
          continue;
        }
        if (basis != null && basis.isOverriding()) {
          // O2 — an override needs a written motivation; without one the objection stands.
          d.leaveOut(
              category,
              "O2",
              ReasonKey.OVERRIDE_NEEDS_MOTIVATION,
              "category",
              category,
              "objection",
              o.id(),
              "by",
              lodgers(facts, List.of(o)),
              "basis",
              basis.code());
          d.suggest(Suggestion.Key.GIVE_MOTIVATION);
          leftOutBy.add("O2");
          continue;
        }
        // O1 — a request matching an active objection is refused; O4 when it outweighed the
        // person's own consent.
        if (beatOwnConsent != null) {
          d.leaveOut(
              category,
              "O4",
              ReasonKey.OBJECTION_OUTWEIGHS_OWN_CONSENT,
              "category",
              category,
              "objection",
              o.id(),
              "consent",
              beatOwnConsent.id(),
              "by",
              lodgers(facts, List.of(o)));
          leftOutBy.add("O4");
        } else {
          d.leaveOut(
              category,
              "O1",
              ReasonKey.OBJECTION_STANDS,
              "category",
              category,
              "objection",
              o.id(),
              "by",
              lodgers(facts, List.of(o)));
          leftOutBy.add("O1");
        }
        d.suggest(Suggestion.Key.DISCUSS_OBJECTION);
        continue;
      }

      if (!outweighed.isEmpty()) {
        // O4 — each objection is outweighed by a later (or equally timed, more specific) consent of
        // the same person.
        d.permit(
            "O4",
            ReasonKey.CONSENT_OUTWEIGHS_OBJECTION,
            "category",
            category,
            "objections",
            idsOf(outweighed),
            "consents",
            outweighing.stream().map(ConsentRecord::id).distinct().toList(),
            "by",
            lodgers(facts, outweighed));
      }

      if (basis == LegalBasis.CONSENT) {
        if (consent.complete()) {
          d.permit(
              "C2",
              ReasonKey.CONSENT_COMPLETE,
              "category",
              category,
              "consents",
              consent.valid().stream().map(ConsentRecord::id).toList(),
              "by",
              givers(facts, consent));
        } else if (consent.nobodyCanConsent()) {
          d.leaveOut(category, "C2", ReasonKey.NOBODY_CAN_CONSENT, "category", category);
          d.suggest(Suggestion.Key.ESTABLISH_AUTHORITY);
          leftOutBy.add("C2");
        } else {
          d.leaveOut(
              category,
              "C2",
              ReasonKey.CONSENT_MISSING,
              "category",
              category,
              "missing",
              consent.missing(),
              "by",
              givers(facts, consent));
          d.suggest(Suggestion.Key.ASK_CONSENT, "missing", consent.missing());
          missing.addAll(consent.missing());
          leftOutBy.add("C2");
        }
      }
    }
    if (d.releasableCategories().isEmpty() && !d.isDenied()) {
      List<String> categories =
          d.leftOutCategories().entrySet().stream()
              .filter(e -> leftOutBy.contains(e.getValue()))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      for (String rule : leftOutBy) {
        d.deny(
            rule,
            ReasonKey.NOTHING_LEFT,
            "categories",
            categories,
            "missing",
            "C2".equals(rule) && !missing.isEmpty() ? List.copyOf(missing) : null);
      }
      d.suggest(Suggestion.Key.CONTACT_SOURCE_OR_ASK_CONSENT);
    }
  }

  private static List<String> idsOf(List<ObjectionRecord> objections) {
    return objections.stream().map(ObjectionRecord::id).toList();
  }

  /**
   * The persons who lodged these objections, as the facts know them (an unknown lodger is left
   * out).
   */
  private static List<Person> lodgers(Facts facts, List<ObjectionRecord> objections) {
    return objections.stream()
        .map(ObjectionRecord::lodgedBy)
        .distinct()
        .map(id -> facts.youth().person(id))
        .flatMap(Optional::stream)
        .toList();
  }

  private static List<Person> givers(Facts facts, ConsentCheck consent) {
    return consent.valid().stream()
        .map(ConsentRecord::givenBy)
        .distinct()
        .map(id -> facts.youth().person(id))
        .flatMap(Optional::stream)
        .toList();
  }
}
