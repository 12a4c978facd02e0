package nl.jeugdpoort.gateway.onboarding;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The real identifiers an organisation can be registered with, as the Dutch field uses them: the
 * Chamber of Commerce number (KvK, 8 digits), the government organisation number (OIN, 20 digits),
 * the care provider code (AGB, 8 digits) and the healthcare provider register number (URA, 8
 * digits). The gateway checks the form, not the registers.
 */
public final class Identifiers {
  private Identifiers() {}

  /** Type code → the NamingSystem URI used for it in FHIR. */
  public static final Map<String, String> SYSTEMS =
      Map.of(
          "kvk", "http://fhir.nl/fhir/NamingSystem/kvk",
          "oin", "urn:oid:2.16.528.1.1003.1.3.5.5.2",
          "agb", "http://fhir.nl/fhir/NamingSystem/agb-z",
          "ura", "http://fhir.nl/fhir/NamingSystem/ura");

  private static final Map<String, Pattern> FORMS =
      Map.of(
          "kvk", Pattern.compile("\\d{8}"),
          "oin", Pattern.compile("\\d{20}"),
          "agb", Pattern.compile("\\d{8}"),
          "ura", Pattern.compile("\\d{8}"));

  private static final Map<String, String> SAY =
      Map.of(
          "kvk", "a KvK number has 8 digits",
          "oin", "an OIN has 20 digits",
          "agb", "an AGB code has 8 digits",
          "ura", "a URA number has 8 digits");

  /** Why {@code type}/{@code value} is not a well-formed identifier, if it is not. */
  public static Optional<String> problem(String type, String value) {
    if (type == null || !FORMS.containsKey(type)) {
      return Optional.of("identifier.type: one of kvk, oin, agb, ura");
    }
    if (value == null || !FORMS.get(type).matcher(value).matches()) {
      return Optional.of("identifier.value: " + SAY.get(type));
    }
    return Optional.empty();
  }
}
