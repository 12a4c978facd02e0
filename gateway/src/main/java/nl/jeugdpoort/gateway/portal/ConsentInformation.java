package nl.jeugdpoort.gateway.portal;

import java.util.List;
import java.util.Optional;
import nl.jeugdpoort.fhir.Vocabulary;

/**
 * The information text shown before a consent is given in the portal (C1: informed), by version. The
 * version is recorded with the consent ({@code Consent.policy.uri}); a published version is never
 * changed — a new text gets a new version, and old versions stay here so that every consent record can
 * show the text its giver read.
 */
public final class ConsentInformation {
  /** The version shown to families today. */
  public static final String CURRENT = Vocabulary.BASE + "/information-text/consent/1";

  private ConsentInformation() {}

  /**
   * The text of {@code version} for this recipient, purpose and these categories, in plain Dutch
   * (language level B1), paragraph by paragraph; empty for a version the portal did not publish.
   */
  public static Optional<List<String>> text(String version, String recipient, String purpose, String purposeDefinition,
      String categories) {
    if (!CURRENT.equals(version)) {
      return Optional.empty();
    }
    return Optional.of(List.of(
        "Met deze toestemming mag " + recipient + " gegevens over uw gezin opvragen bij andere organisaties. "
            + "Alleen voor dit doel: " + purpose + ". " + purposeDefinition,
        "Het gaat alleen om deze gegevens: " + categories + ". Andere gegevens worden niet gedeeld.",
        "U hoeft geen toestemming te geven. Als u nee zegt, houdt u gewoon recht op hulp. Zonder toestemming "
            + "krijgt de organisatie de gegevens alleen als de wet dat verplicht of als het kind anders gevaar loopt.",
        "Voordat er iets wordt gedeeld, krijgt u bericht: wie het vraagt, welke gegevens en waarom. Alleen als "
            + "dat het kind in gevaar brengt, krijgt u het bericht achteraf.",
        "Tot uw kind 12 is, geven de ouders met gezag toestemming. Van 12 tot 16 jaar geven het kind en de "
            + "ouders met gezag allebei toestemming. Vanaf 16 jaar beslist het kind zelf. Geeft één van hen geen "
            + "toestemming, dan is er geen toestemming.",
        "U kunt uw toestemming altijd intrekken, hier in Jeugdpoort, met één knop. U hoeft niet te zeggen "
            + "waarom. Vanaf dat moment wordt er op grond van deze toestemming niets meer gedeeld."));
  }
}
