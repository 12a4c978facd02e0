package nl.jeugdpoort.gateway.portal;

import java.util.Map;

/** Plain-Dutch names of the role codes, for pages. */
final class RoleTexts {
  private static final Map<String, String> TEXTS =
      Map.ofEntries(
          Map.entry("family-member", "gezinslid (jongere, ouder of vertegenwoordiger)"),
          Map.entry("privacy-officer", "privacyfunctionaris"),
          Map.entry("administrator", "beheerder"),
          Map.entry("organisation-administrator", "beheerder van de accounts van uw organisatie"),
          Map.entry("interaction-coach", "beeldcoach"),
          Map.entry("teacher-coach", "coach van leerkrachten"),
          Map.entry("neighbourhood-team-worker", "medewerker wijkteam"),
          Map.entry("video-home-trainer", "video-hometrainer"),
          Map.entry("youth-mental-health-clinician", "behandelaar jeugd-ggz"),
          Map.entry("family-guardian", "jeugdbeschermer (gezinsvoogd)"),
          Map.entry(
              "child-protection-investigator", "raadsonderzoeker Raad voor de Kinderbescherming"),
          Map.entry("school-care-coordinator", "zorgcoördinator school"));

  private RoleTexts() {}

  static String describe(String role) {
    return TEXTS.getOrDefault(role, role);
  }
}
