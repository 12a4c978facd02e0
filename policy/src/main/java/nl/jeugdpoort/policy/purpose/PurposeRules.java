package nl.jeugdpoort.policy.purpose;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.PriorRelease;
import nl.jeugdpoort.policy.SecurityLabel;
import nl.jeugdpoort.policy.WithheldItem;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/** The P rules: purpose, minimisation, entitlement, labels, no re-checking, and the source's say. */
public final class PurposeRules {
  private final PurposeCatalogue catalogue;

  public PurposeRules(PurposeCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** P1 — every request names one known purpose and gives a free-text explanation. */
  public Optional<Purpose> statedPurpose(DataRequest request, Deliberation d) {
    if (request.purpose() == null || request.purpose().isBlank()) {
      d.deny(
          "P1",
          "Er is geen doel opgegeven. Zonder doel worden geen gegevens gedeeld.",
          "Refused: the request names no purpose.");
      d.suggest("Dien het verzoek opnieuw in met een doel uit de doelencatalogus en een toelichting.");
      return Optional.empty();
    }
    Optional<Purpose> purpose = catalogue.purpose(request.purpose());
    if (purpose.isEmpty()) {
      d.deny(
          "P1",
          "Het opgegeven doel bestaat niet. Zonder bekend doel worden geen gegevens gedeeld.",
          "Refused: purpose '" + request.purpose() + "' is not in the purpose catalogue.");
      d.suggest("Kies een doel uit de doelencatalogus.");
      return Optional.empty();
    }
    if (request.explanation() == null || request.explanation().isBlank()) {
      d.deny(
          "P1",
          "De hulpverlener heeft niet uitgelegd waarom de gegevens nodig zijn. Dan worden ze niet gedeeld.",
          "Refused: the request gives no explanation for purpose '" + request.purpose() + "'.");
      d.suggest("Leg in de toelichting uit waarom deze gegevens voor dit doel nodig zijn.");
      return Optional.empty();
    }
    d.permit(
        "P1",
        "Het doel is: " + purpose.get().display() + ".",
        "Purpose '" + purpose.get().code() + "' is in the catalogue and an explanation is given.");
    return purpose;
  }

  /** P3 — the requester's role and the legal basis must be among those the purpose allows. */
  public void entitlement(DataRequest request, Purpose purpose, Deliberation d) {
    String role = request.requester().role();
    if (!purpose.roles().contains(role)) {
      d.deny(
          "P3",
          "Deze hulpverlener mag voor dit doel geen gegevens opvragen.",
          "Refused: role '" + role + "' is not entitled to purpose '" + purpose.code() + "'.");
      d.suggest("Laat het verzoek doen door een hulpverlener met een rol die bij dit doel hoort.");
      return;
    }
    LegalBasis basis = request.legalBasis();
    if (basis == null || !purpose.bases().contains(basis.code())) {
      d.deny(
          "P3",
          "De opgegeven grondslag past niet bij dit doel.",
          "Refused: legal basis '"
              + request.basis()
              + "' is not allowed for purpose '"
              + purpose.code()
              + "' (allowed: "
              + new TreeSet<>(purpose.bases())
              + ").");
      d.suggest("Kies een grondslag die bij dit doel past: " + new TreeSet<>(purpose.bases()) + ".");
      return;
    }
    d.permit(
        "P3",
        "De hulpverlener mag dit vragen op grond van " + basis.dutch() + ".",
        "Role '" + role + "' and basis '" + basis.code() + "' are allowed for '" + purpose.code() + "'.");
  }

  /**
   * P2 — only the categories of the purpose, each with its field allow-list. Categories outside the
   * purpose are left out and the requester is told.
   */
  public void scope(DataRequest request, Purpose purpose, Deliberation d) {
    if (request.categories().isEmpty()) {
      d.deny(
          "P2",
          "Er is niet gezegd welke gegevens nodig zijn.",
          "Refused: the request names no data category.");
      d.suggest("Noem de gegevenscategorieën die voor dit doel nodig zijn.");
      return;
    }
    for (String category : new TreeSet<>(request.categories())) {
      Set<String> fields = purpose.fields().get(category);
      if (fields == null) {
        d.leaveOut(
            category,
            "P2",
            catalogue.categoryDisplay(category) + " is voor dit doel niet nodig en wordt niet gedeeld.",
            "Category '" + category + "' is outside purpose '" + purpose.code() + "'; left out.");
      } else {
        d.allowCategory(category, fields);
      }
    }
    if (d.releasableCategories().isEmpty()) {
      d.deny(
          "P2",
          "Geen van de gevraagde gegevens is nodig voor dit doel. Er wordt niets gedeeld.",
          "Refused: none of the requested categories belongs to purpose '" + purpose.code() + "'.");
      d.suggest("Vraag alleen gegevens uit de categorieën van dit doel: " + purpose.sortedCategories() + ".");
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
            "Deze gegevens zijn al eerder aan dezelfde hulpverlener gegeven; er wordt niets opnieuw opgehaald.",
            "Identical request already released as " + prior.releaseId() + "; referenced, not fetched again.");
        // P5 — the earlier release is the answer, with what it withheld and left out, and why.
        prior.leftOut().forEach(d::carryLeftOut);
        Map<String, List<WithheldItem>> byRule = new TreeMap<>();
        for (WithheldItem w : prior.withheld()) {
          d.carryWithheld(w);
          byRule.computeIfAbsent(w.ruleId(), k -> new ArrayList<>()).add(w);
        }
        byRule.forEach((rule, items) -> d.withheldEarlier(
            rule,
            "In de eerdere levering is een deel van de gegevens niet gedeeld. Dat blijft zo.",
            items.size() + " item(s) withheld under " + rule + " in release " + prior.releaseId() + " "
                + items.stream().map(WithheldItem::itemId).toList() + "; the repeat carries that withholding."));
        if (!prior.withheld().isEmpty()) {
          d.suggest("Vraag de familie om toestemming of neem contact op met de hulpverlener bij de bron.");
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
        "De ontvanger mag de gegevens alleen voor dit doel gebruiken en niet aan anderen doorgeven"
            + (purpose.deleteAfterUse() ? ", en moet ze na gebruik verwijderen." : "."),
        "Labelled with purpose of use "
            + purpose.purposeOfUse()
            + ", confidentiality "
            + confidentiality
            + ", NORDSCLCD"
            + (purpose.deleteAfterUse() ? ", DELAU." : "."));
  }
}
