package nl.jeugdpoort.gateway.portal;

import java.util.List;
import java.util.Optional;
import nl.jeugdpoort.fhir.Vocabulary;

/**
 * The information text shown before a consent is given in the portal (C1: informed), by version.
 * The version is recorded with the consent ({@code Consent.policy.uri}); a published version is
 * never changed — a new text gets a new version, and old versions stay here so that every consent
 * record can show the text its giver read. Since version 2 there is one text for parents and
 * representatives and one that addresses the youth; both say what happens to data already shared
 * when consent is withdrawn.
 */
public final class ConsentInformation {
  /** The first text (until issue #13): one text for everyone, addressed to parents. */
  public static final String VERSION_1 = Vocabulary.BASE + "/information-text/consent/1";

  /** The text shown to parents and representatives today. */
  public static final String PARENTS = Vocabulary.BASE + "/information-text/consent/2";

  /** The text shown to the youth today. */
  public static final String YOUTH = Vocabulary.BASE + "/information-text/consent/2-jongere";

  private ConsentInformation() {}

  /** The version shown today to the youth ({@code youth}) or to a parent or representative. */
  public static String current(boolean youth) {
    return youth ? YOUTH : PARENTS;
  }

  /**
   * The text of {@code version} for this recipient, purpose and these categories, in plain Dutch
   * (language level B1), paragraph by paragraph; empty for a version the portal did not publish.
   */
  public static Optional<List<String>> text(
      String version,
      String recipient,
      String purpose,
      String purposeDefinition,
      String categories) {
    if (VERSION_1.equals(version)) {
      return Optional.of(
          List.of(
              "Met deze toestemming mag "
                  + recipient
                  + " gegevens over uw gezin opvragen bij andere organisaties. "
                  + "Alleen voor dit doel: "
                  + purpose
                  + ". "
                  + purposeDefinition,
              "Het gaat alleen om deze gegevens: "
                  + categories
                  + ". Andere gegevens worden niet gedeeld.",
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
    boolean youth = YOUTH.equals(version);
    if (!youth && !PARENTS.equals(version)) {
      return Optional.empty();
    }
    String about = youth ? "u" : "uw kind";
    return Optional.of(
        List.of(
            "Met deze toestemming mag "
                + recipient
                + " gegevens over "
                + about
                + " opvragen bij andere organisaties. "
                + "Alleen voor dit doel: "
                + purpose
                + ". "
                + purposeDefinition,
            "Het gaat alleen om deze gegevens: "
                + categories
                + ". Andere gegevens worden niet gedeeld.",
            "U hoeft geen toestemming te geven. Als u nee zegt, houdt u gewoon recht op hulp. Zonder toestemming "
                + "krijgt de organisatie de gegevens alleen als de wet dat verplicht. Of als "
                + (youth ? "u" : "uw kind")
                + " anders in gevaar is.",
            "Voordat er iets wordt gedeeld, krijgt u bericht: wie het vraagt, welke gegevens en waarom. Alleen als "
                + "dat "
                + (youth ? "u" : "uw kind")
                + " in gevaar brengt, krijgt u het bericht achteraf.",
            youth
                ? "Bent u 16 jaar of ouder? Dan beslist u zelf. Bent u 12, 13, 14 of 15 jaar? Dan is uw toestemming "
                    + "nodig en ook die van uw ouders met gezag. Zegt één van u nee, dan is er geen toestemming."
                : "Is uw kind jonger dan 12? Dan geven de ouders met gezag toestemming. Is uw kind 12 tot 16 jaar? Dan "
                    + "geven uw kind en de ouders met gezag allebei toestemming. Vanaf 16 jaar beslist uw kind zelf. "
                    + "Zegt één van hen nee, dan is er geen toestemming.",
            "U kunt uw toestemming altijd intrekken, hier in Jeugdpoort, met één knop. U hoeft niet te zeggen "
                + "waarom. Daarna wordt er op grond van deze toestemming niets meer gedeeld.",
            "Wat al gedeeld is, blijft bij de organisatie die het kreeg. Die mag het bewaren tot de bewaartermijn "
                + "voorbij is. Tot wanneer dat is, ziet u bij de kopie van wat er is gedeeld."));
  }
}
