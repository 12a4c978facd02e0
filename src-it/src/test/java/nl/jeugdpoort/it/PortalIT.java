package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Task;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal (issue #5) in a real browser — Debian's Chromium through ChromeDriver — against a real
 * Payara Micro: families, professionals and a privacy officer. axe-core runs on every page and
 * fails the test on a serious or critical WCAG 2.1 A/AA violation; screenshots go to {@code
 * target/screenshots}. Children used here (no other test touches their consents): c2, c12, c16,
 * c17.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalIT {
  /** The information text shown to parents (C1), and the one shown to the youth. */
  private static final String CONSENT_TEXT =
      "https://jeugdpoort.nl/fhir/information-text/consent/2";

  private static final String YOUTH_CONSENT_TEXT =
      "https://jeugdpoort.nl/fhir/information-text/consent/2-jongere";

  @ArquillianResource private URL deployment;

  private Gateway gateway;

  /** Secure cookies are kept by browsers for http://localhost only. */
  private String base;

  @Deployment(testable = false)
  static WebArchive gatewayWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("gateway.war")));
  }

  @BeforeEach
  void connect() {
    gateway = new Gateway(deployment);
    base = "http://localhost:" + deployment.getPort() + deployment.getPath();
  }

  @Test
  void
      a_parent_gives_consent_sees_the_release_with_its_reasons_objects_and_the_next_request_is_refused()
          throws Exception {
    String bsn =
        gateway.bsnOf(
            "wijkteam-noord", "c2"); // 2 years old, one authority holder: ouder-2-mother (C2)
    String id;
    try (Browser browser = new Browser()) {
      WebDriver web = browser.driver;
      browser.login(base, "ouder-2-mother");
      browser.assertAccessible("home");
      assertThat(browser.text())
          .as("the start page names the child and who is logged in")
          .contains(
              "U bent ingelogd als moeder van "
                  + gateway.givenNameOf("wijkteam-noord", "c2")
                  + " (2 jaar).");

      // C1: consent as an active act, after the information text; nothing ticked beforehand.
      browser.clickAndWait(
          web.findElement(By.linkText("Toestemming en bezwaar")), "Toestemming en bezwaar");
      browser.assertAccessible("consents");
      new Select(web.findElement(By.id("organisatie")))
          .selectByVisibleText("Jeugdbescherming Horizon");
      new Select(web.findElement(By.id("doel"))).selectByVisibleText("Afstemming van hulp");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Verder']")),
          "Toestemming geven aan Jeugdbescherming Horizon");
      assertThat(browser.text())
          .contains("Lees eerst wat dit betekent")
          .contains("U hoeft geen toestemming te geven")
          .contains("Versie van deze uitleg: " + CONSENT_TEXT);
      List<WebElement> boxes = web.findElements(By.name("gegevens"));
      assertThat(boxes)
          .as("C1: nothing ticked beforehand")
          .hasSizeGreaterThan(1)
          .noneMatch(WebElement::isSelected);
      browser.assertAccessible("consent information");
      browser.screenshot("05-toestemming-uitleg");
      web.findElement(By.cssSelector("label[for=gegevens-0]"))
          .click(); // the first category: care-plan
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Ik geef toestemming']")), "Toestemming en bezwaar");
      browser.assertConfirmation("Uw toestemming is vastgelegd");
      assertThat(browser.text())
          .contains("Toestemming voor Jeugdbescherming Horizon")
          .contains("Plan van aanpak")
          .contains("geldt nu");
      assertThat(
              ItDatabase.text(
                  "select information_version from consent_record where youth_bsn = '"
                      + bsn
                      + "' and kind = 'consent' and recipient_org = 'gi-horizon' and withdrawn_at is null"))
          .isEqualTo(CONSENT_TEXT);
      assertThat(
              ItDatabase.text(
                  "select act from consent_record where youth_bsn = '"
                      + bsn
                      + "' and kind = 'consent'"))
          .isEqualTo("AUTHENTICATED_ACT");

      // C4: the record with the text that was shown, as a page and as FHIR.
      browser.clickAndWait(
          web.findElement(By.partialLinkText("Bekijk of download deze toestemming")),
          "Toestemming voor");
      assertThat(browser.text())
          .contains("De uitleg die u las")
          .contains("Plan van aanpak")
          .contains(CONSENT_TEXT);
      browser.assertAccessible("consent record");
      browser.screenshot("06-toestemming-bewijs");
      String consentId = web.getCurrentUrl().substring(web.getCurrentUrl().lastIndexOf('/') + 1);
      Portal http = Portal.login(gateway, "ouder-2-mother");
      HttpResponse<String> json = http.get("/portal/toestemming/" + consentId + ".json");
      assertThat(json.headers().firstValue("Content-Disposition").orElseThrow())
          .contains("attachment");
      Consent copy = Gateway.FHIR.newJsonParser().parseResource(Consent.class, json.body());
      assertThat(copy.getPolicyFirstRep().getUri())
          .as("C4: the record names the text shown (C1)")
          .isEqualTo(CONSENT_TEXT);
      assertThat(copy.getProvision().getClass_())
          .extracting(c -> c.getCode())
          .containsExactly("care-plan");

      // F1: the release with its reasons; F4: the copy.
      Task released =
          gateway.submitAndWait(
              "carla",
              Gateway.request(
                  bsn,
                  "wijkteam-noord",
                  "care-coordination",
                  "consent",
                  "Afstemmen wie wat doet in het gezin",
                  "care-plan"));
      assertThat(released.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
      id = released.getIdElement().getIdPart();
      web.get(base + "portal/");
      WebElement entry = web.findElement(By.id("verzoek-" + id));
      assertThat(entry.getText())
          .contains("Jeugdbescherming Horizon")
          .contains("Carla Bakker")
          .contains("Afstemmen wie wat doet in het gezin")
          .contains("toestemming")
          .contains("Gedeeld");
      entry.findElement(By.tagName("summary")).click();
      // F1 in plain Dutch: the reasons without rule ids (those are for professionals).
      assertThat(entry.findElement(By.cssSelector("ul.rules")).getText())
          .isNotBlank()
          .doesNotContainPattern("\\b[A-Z][0-9]\\b")
          .contains("toestemming");
      browser.assertAccessible("timeline");
      browser.screenshot("02-wat-er-is-gedeeld");
      browser.clickAndWait(
          entry.findElement(By.linkText("bekijken of afdrukken")), "Kopie van wat er is gedeeld");
      assertThat(browser.text())
          .contains("Plan")
          .contains("Titel")
          .contains("Afspraken bij deze gegevens");
      browser.assertAccessible("copy");
      browser.screenshot("07-kopie");
      HttpResponse<String> bundle = http.get("/portal/kopie/" + id + ".json");
      assertThat(bundle.statusCode()).as("F4: the copy as FHIR JSON").isEqualTo(200);
      Bundle copied = Gateway.FHIR.newJsonParser().parseResource(Bundle.class, bundle.body());
      assertThat(copied.getEntry())
          .isNotEmpty()
          .allMatch(e -> e.getResource().fhirType().equals("CarePlan"));

      // O1: object from the timeline; the next matching request is refused (O4).
      web.get(base + "portal/");
      browser.clickAndWait(
          web.findElement(By.id("verzoek-" + id))
              .findElement(By.cssSelector("form.objection button")),
          "Welkom");
      browser.assertConfirmation("Uw bezwaar is vastgelegd");
      assertThat(
              web.findElement(By.id("verzoek-" + id))
                  .findElements(By.cssSelector("form.objection")))
          .as("the objection shows as lodged, not the same button again")
          .isEmpty();
      assertThat(web.findElement(By.id("verzoek-" + id)).getText())
          .contains("U heeft bezwaar gemaakt op");
      browser.assertAccessible("objection recorded");
      browser.screenshot("03-bezwaar-vastgelegd");
      Task refused =
          gateway.submitAndWait(
              "carla",
              Gateway.request(
                  bsn,
                  "wijkteam-noord",
                  "care-coordination",
                  "consent",
                  "Nog eens afstemmen",
                  "care-plan"));
      assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
      assertThat(refused.getStatusReason().getCoding()).extracting(c -> c.getCode()).contains("O4");

      // O3, C3: withdrawn with one button each, the records stay.
      web.get(base + "portal/toestemming");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Bezwaar intrekken']")), "Toestemming en bezwaar");
      browser.assertConfirmation("Uw bezwaar is ingetrokken");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Toestemming intrekken']")),
          "Toestemming en bezwaar");
      browser.assertConfirmation("Wat al gedeeld is, blijft bij de organisatie die het kreeg");
      assertThat(web.findElements(By.xpath("//button[contains(., 'intrekken')]"))).isEmpty();
      assertThat(
              ItDatabase.count(
                  "select count(*) from consent_record where youth_bsn = '"
                      + bsn
                      + "' and withdrawn_at is not null"))
          .isEqualTo(2);
      browser.screenshot("08-ingetrokken");
      browser.resize(390, 844);
      web.get(base + "portal/");
      browser.assertAccessible("timeline on a phone");
      browser.screenshot("04-telefoon");
      browser.assertNoSidewaysScrollAt320(
          base,
          "portal/",
          "portal/toestemming",
          "portal/kopie/" + id,
          "portal/toestemming/" + consentId);
    }
    Task afterWithdrawal =
        gateway.submitAndWait(
            "carla",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "care-coordination",
                "consent",
                "Na intrekken",
                "care-plan"));
    assertThat(afterWithdrawal.getStatus())
        .as("no consent any more (C3)")
        .isEqualTo(Task.TaskStatus.REJECTED);

    // O1: an objection to all exchange; a legal duty without a written motivation does not override
    // it (O2).
    Portal mother = Portal.login(gateway, "ouder-2-mother");
    mother.get("/portal/toestemming");
    HttpResponse<String> objected =
        mother.post("/portal/bezwaar/nieuw", "organisatie=&doel=&gegevens=");
    assertThat(objected.headers().firstValue("Location").orElseThrow()).contains("melding=bezwaar");
    assertThat(
            ItDatabase.count(
                "select count(*) from consent_record where youth_bsn = '"
                    + bsn
                    + "' and kind = 'objection' "
                    + "and recipient_org is null and purpose is null and categories = '' and withdrawn_at is null"))
        .isEqualTo(1);
    assertThat(mother.get("/portal/toestemming").body())
        .contains("Bezwaar</span> voor <span>alle organisaties")
        .contains("alle doelen")
        .contains("alle gegevens");
    Task blocked =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-investigation",
                "legal-duty",
                "Onderzoek zonder motivatie",
                "care-plan"));
    assertThat(blocked.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(blocked.getStatusReason().getCoding())
        .extracting(c -> c.getCode())
        .anyMatch(code -> code.startsWith("O"));
    assertThat(
            mother
                .post("/portal/bezwaar/nieuw", "organisatie=nergens&doel=&gegevens=")
                .statusCode())
        .isEqualTo(400);

    // F2: a parent of another family gets nothing: not on the timeline, not as a copy, not as a
    // record.
    try (Browser browser = new Browser()) {
      browser.login(base, "ouder-12-mother");
      assertThat(browser.driver.getPageSource())
          .doesNotContain("verzoek-" + id)
          .doesNotContain("Afstemmen wie wat doet");
      browser.driver.get(base + "portal/kopie/" + id);
      assertThat(browser.driver.getTitle()).isEqualTo("Niet gevonden — Jeugdpoort");
      assertThat(browser.text()).doesNotContain("Plan").doesNotContain("Carla");
      browser.assertAccessible("not found");
      browser.screenshot("09-niet-gevonden");
    }
    Portal other = Portal.login(gateway, "ouder-12-mother");
    assertThat(other.get("/portal/kopie/" + id + ".json").statusCode()).as("F2").isEqualTo(404);
    // E1: after the release's retention end the copy is gone (410), for the family too.
    ItDatabase.execute(
        "update release_record set retention_end = dateadd('DAY', -1, current_timestamp) where request_id = '"
            + id
            + "'");
    HttpResponse<String> gone = Portal.login(gateway, "ouder-2-mother").get("/portal/kopie/" + id);
    assertThat(gone.statusCode()).as("E1").isEqualTo(410);
    assertThat(gone.body()).contains("bewaartermijn").doesNotContain("Plan van aanpak");
    String consentOfC2 =
        ItDatabase.text(
            "select id from consent_record where youth_bsn = '" + bsn + "' and kind = 'consent'");
    assertThat(other.get("/portal/toestemming/" + consentOfC2 + ".json").statusCode())
        .isEqualTo(404);
    assertThat(other.post("/portal/intrekken", "id=" + consentOfC2).statusCode()).isEqualTo(404);
  }

  @Test
  void
      on_a_phone_every_family_action_confirms_at_the_top_changes_its_button_and_a_repeat_stores_nothing_new()
          throws Exception {
    // c11 is 11, with one authority holder (ouder-11-mother): her consent alone counts (C2).
    String bsn = gateway.bsnOf("wijkteam-noord", "c11");
    String records = "select count(*) from consent_record where youth_bsn = '" + bsn + "'";
    String previews =
        "select count(*) from audit_entry where youth_bsn = '"
            + bsn
            + "' and event_type = 'preview'";
    Portal replay = Portal.login(gateway, "ouder-11-mother");
    try (Browser browser = new Browser(390, 844)) {
      WebDriver web = browser.driver;
      browser.assertNoSidewaysScrollAt320(base, "portal/login");
      browser.login(base, "ouder-11-mother");
      assertThat(browser.text())
          .contains(
              "U bent ingelogd als moeder van "
                  + gateway.givenNameOf("wijkteam-noord", "c11")
                  + " (11 jaar).");

      // "Wat zou er gedeeld worden?" before consenting: the real policy, a dry run — one audit
      // entry, nothing else.
      browser.clickAndWait(
          web.findElement(By.linkText("Toestemming en bezwaar")), "Toestemming en bezwaar");
      browser.assertAccessible("consents on a phone");
      new Select(web.findElement(By.id("organisatie")))
          .selectByVisibleText("Jeugdbescherming Horizon");
      new Select(web.findElement(By.id("doel"))).selectByVisibleText("Afstemming van hulp");
      long recordsBefore = ItDatabase.count(records);
      long previewsBefore = ItDatabase.count(previews);
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Verder']")),
          "Toestemming geven aan Jeugdbescherming Horizon");
      WebElement preview = web.findElement(By.cssSelector("section.preview"));
      assertThat(preview.getText())
          .contains("Wat zou er gedeeld worden?")
          .contains("Plan van aanpak: wordt gedeeld")
          .contains("Bericht krijgen: u")
          .contains("Er is nu niets opgevraagd of gedeeld");
      assertThat(ItDatabase.count(previews))
          .as("the preview is audited once")
          .isEqualTo(previewsBefore + 1);
      assertThat(ItDatabase.count(records))
          .as("the preview stores no consent")
          .isEqualTo(recordsBefore);
      assertThat(
              ItDatabase.text(
                  "select rule_ids from audit_entry where youth_bsn = '"
                      + bsn
                      + "' and event_type = 'preview' order by seq desc limit 1"))
          .contains("C2")
          .contains("N1");
      browser.assertAccessible("consent information with its preview on a phone");
      browser.screenshot("16-telefoon-wat-zou-er-gedeeld-worden");

      // Consent: the confirmation at the top; the same consent again (a replayed POST, twice)
      // stores nothing new.
      web.findElement(By.cssSelector("label[for=gegevens-0]")).click();
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Ik geef toestemming']")), "Toestemming en bezwaar");
      browser.assertConfirmation("Uw toestemming is vastgelegd");
      browser.assertAccessible("consent given on a phone");
      browser.screenshot("17-telefoon-toestemming-vastgelegd");
      replay.get("/portal/toestemming");
      String sameConsent =
          "organisatie=gi-horizon&doel=care-coordination&gegevens=care-plan&tekstversie="
              + Portal.enc(CONSENT_TEXT);
      assertThat(replay.post("/portal/toestemming", sameConsent).statusCode()).isEqualTo(302);
      assertThat(replay.post("/portal/toestemming", sameConsent).statusCode()).isEqualTo(302);
      assertThat(ItDatabase.count(records))
          .as("one consent, however often it is sent")
          .isEqualTo(recordsBefore + 1);
      String consentId =
          ItDatabase.text(
              "select id from consent_record where youth_bsn = '" + bsn + "' and kind = 'consent'");
      // The step-2 page now says the consent exists.
      web.get(base + "portal/toestemming/nieuw?organisatie=gi-horizon&doel=care-coordination");
      assertThat(browser.text())
          .contains("U gaf al toestemming aan Jeugdbescherming Horizon voor dit doel");

      // A release on that consent, then the objection from the timeline.
      Task released =
          gateway.submitAndWait(
              "carla",
              Gateway.request(
                  bsn,
                  "wijkteam-noord",
                  "care-coordination",
                  "consent",
                  "Afstemmen wie wat doet rond school",
                  "care-plan"));
      assertThat(released.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
      String id = released.getIdElement().getIdPart();
      assertThat(
              ItDatabase.texts(
                  "select concat(id, ' by ', given_by, ' to ', coalesce(recipient_org, '*'), ' for ', "
                      + "coalesce(purpose, '*'), ' on ', coalesce(categories, '*'), ' at ', created_at) from consent_record where "
                      + "youth_bsn = '"
                      + bsn
                      + "' and given_by = (select person_ref from account where username = 'ouder-11-mother') and kind = 'objection' and withdrawn_at is null"))
          .as("no objection of the mother about c11 stands before she objects")
          .isEmpty();
      web.get(base + "portal/");
      browser.assertAccessible("timeline on a phone");
      browser.clickAndWait(
          web.findElement(By.id("verzoek-" + id))
              .findElement(By.cssSelector("form.objection button")),
          "Welkom");
      browser.assertConfirmation("Uw bezwaar is vastgelegd");
      assertThat(
              web.findElement(By.id("verzoek-" + id))
                  .findElements(By.cssSelector("form.objection")))
          .isEmpty();
      assertThat(web.findElement(By.id("verzoek-" + id)).getText())
          .contains("U heeft bezwaar gemaakt op");
      browser.assertAccessible("objection lodged on a phone");
      browser.screenshot("18-telefoon-bezwaar-vastgelegd");
      replay.get("/portal/");
      assertThat(replay.post("/portal/bezwaar", "verzoek=" + id).statusCode()).isEqualTo(302);
      assertThat(replay.post("/portal/bezwaar", "verzoek=" + id).statusCode()).isEqualTo(302);
      assertThat(ItDatabase.count(records + " and kind = 'objection'"))
          .as("one objection, however often it is sent")
          .isEqualTo(1);

      // Withdraw the objection and the consent: each confirmed at the top, saying what happens to
      // what was shared.
      browser.clickAndWait(
          web.findElement(By.linkText("Toestemming en bezwaar")), "Toestemming en bezwaar");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Bezwaar intrekken']")), "Toestemming en bezwaar");
      browser.assertConfirmation("Uw bezwaar is ingetrokken");
      assertThat(web.findElements(By.xpath("//button[.='Bezwaar intrekken']"))).isEmpty();
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Toestemming intrekken']")),
          "Toestemming en bezwaar");
      browser.assertConfirmation("Wat al gedeeld is, blijft bij de organisatie die het kreeg");
      assertThat(web.findElement(By.id("melding")).getText())
          .as("which release, and until when the recipient keeps it (E1)")
          .containsPattern(
              "Gedeeld op \\d{1,2} [a-z]+ \\d{4} met Jeugdbescherming Horizon\\. Die mag het bewaren tot \\d{1,2} [a-z]+ \\d{4}\\.")
          .contains("U kunt in Jeugdpoort nog niet vragen om het eerder te wissen.");
      browser.assertAccessible("consent withdrawn on a phone");
      browser.screenshot("19-telefoon-toestemming-ingetrokken");
      replay.get("/portal/toestemming");
      assertThat(replay.post("/portal/intrekken", "id=" + consentId).statusCode())
          .as("withdrawn twice: the same answer")
          .isEqualTo(302);
      assertThat(
              ItDatabase.count(
                  "select count(*) from audit_entry where youth_bsn = '"
                      + bsn
                      + "' and event_type = 'consent-withdrawn'"))
          .isEqualTo(1);

      // A scoped objection from the form; sent again, it is stored once.
      new Select(web.findElement(By.id("bezwaar-organisatie")))
          .selectByVisibleText("Jeugdbescherming Horizon");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Bezwaar maken']")), "Toestemming en bezwaar");
      browser.assertConfirmation("Uw bezwaar is vastgelegd");
      replay.get("/portal/toestemming");
      assertThat(
              replay
                  .post("/portal/bezwaar/nieuw", "organisatie=gi-horizon&doel=&gegevens=")
                  .statusCode())
          .isEqualTo(302);
      assertThat(
              ItDatabase.count(
                  records
                      + " and kind = 'objection' and recipient_org = 'gi-horizon' and purpose is null "
                      + "and withdrawn_at is null"))
          .isEqualTo(1);

      browser.assertNoSidewaysScrollAt320(
          base,
          "portal/",
          "portal/toestemming",
          "portal/toestemming/nieuw?organisatie=gi-horizon&doel=care-coordination",
          "portal/toestemming/" + consentId,
          "portal/kopie/" + id,
          "portal/kopie/bestaat-niet");
    }
    // The FHIR API keeps answering as before, and a retried identical objection is the one already
    // stored.
    Consent objection =
        Gateway.consent(bsn, "deny", "gi-horizon", "care-coordination", "care-plan");
    String first =
        gateway.as("ouder-11-mother").create().resource(objection).execute().getId().getIdPart();
    String second =
        gateway.as("ouder-11-mother").create().resource(objection).execute().getId().getIdPart();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void
      a_held_request_is_released_when_its_objection_window_ends_and_refused_when_the_family_objected_within_it()
          throws Exception {
    // c17 is 17: the youth alone consents (C2).
    Portal youth = Portal.login(gateway, "jongere-17");
    youth.get("/portal/toestemming/nieuw?organisatie=ggz-de-linde&doel=referral");
    assertThat(
            youth
                .post(
                    "/portal/toestemming",
                    "organisatie=ggz-de-linde&doel=referral&gegevens=care-plan&gegevens=observations&tekstversie="
                        + Portal.enc(YOUTH_CONSENT_TEXT))
                .statusCode())
        .isEqualTo(302);

    // N3: referral holds a release 72 hours after the notice; the scheduled route releases it when
    // the window ends.
    String first = heldReferral("Doorverwijzing naar de jeugd-GGZ", "care-plan");
    assertThat(youth.get("/portal/").body())
        .contains("verzoek-" + first)
        .contains("Wacht: de familie kan nog bezwaar maken");
    endWindow(first);
    assertThat(gateway.waitUntilFinal("bram", first).getStatus())
        .isEqualTo(Task.TaskStatus.COMPLETED);

    // An objection within the window stops the release (N3, O1). (Another category: an identical
    // request
    // would be answered with the earlier release, P5.)
    String second = heldReferral("Nog een doorverwijzing", "observations");
    assertThat(youth.post("/portal/bezwaar", "verzoek=" + second).statusCode()).isEqualTo(302);
    endWindow(second);
    Task refused = gateway.waitUntilFinal("bram", second);
    assertThat(refused.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(refused.getStatusReason().getCoding()).extracting(c -> c.getCode()).contains("O4");
    assertThat(
            ItDatabase.count(
                "select count(*) from release_record where request_id = '" + second + "'"))
        .isZero();
    // The family was told it would be shared; now they are told it was not, and why (issue #13).
    String inbox = youth.get("/portal/").body();
    assertThat(inbox)
        .contains("Er zijn geen gegevens over jou gedeeld met")
        .contains("Je hebt bezwaar gemaakt.")
        .contains("Daarom deelt Jeugdpoort deze gegevens niet.");
    // N3: the notice said until when an objection stops it, as a day and time in words.
    assertThat(inbox)
        .containsPattern("bezwaar maken kan tot \\d{1,2} [a-z]+ \\d{4} om \\d{2}:\\d{2}");
  }

  /**
   * bram (Jeugd-GGZ De Linde) asks Wijkteam Noord for c17's data for a referral; returns once it is
   * held.
   */
  private String heldReferral(String explanation, String category) {
    String bsn = gateway.bsnOf("wijkteam-noord", "c17");
    String id =
        gateway
            .as("bram")
            .create()
            .resource(
                Gateway.request(
                    bsn, "wijkteam-noord", "referral", "consent", explanation, category))
            .execute()
            .getId()
            .getIdPart();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                gateway.as("bram").read().resource(Task.class).withId(id).execute().getStatus()
                    == Task.TaskStatus.ONHOLD);
    return id;
  }

  /**
   * Time passes: the notice went out four days ago, so the 72-hour objection window has ended; the
   * held request is due (due_at, set to the window's end when it was held), a member claims it and
   * the route decides again.
   */
  private static void endWindow(String requestId) {
    ItDatabase.execute(
        "update data_request set notice_delivered_at = dateadd('DAY', -4, current_timestamp), "
            + "hold_until = dateadd('DAY', -1, current_timestamp), due_at = dateadd('DAY', -1, current_timestamp) "
            + "where id = '"
            + requestId
            + "'");
  }

  /**
   * #20.4: the public page that checks a disclosure receipt works without a login, passes axe with
   * and without an answer, and does not scroll sideways at 320 px (no child used).
   */
  @Test
  void anyone_checks_a_receipt_on_a_public_accessible_page() throws Exception {
    try (Browser browser = new Browser()) {
      WebDriver web = browser.driver;
      web.get(base + "portal/bewijs-controleren");
      assertThat(web.getTitle()).isEqualTo("Bewijs van delen controleren — Jeugdpoort");
      browser.assertAccessible("receipt check");
      web.findElement(By.id("bewijs")).sendKeys("eyJhbGciOiJFUzI1NiJ9.bm9n.aGVsZW1hYWwgbmlldHM");
      browser.clickAndWait(
          web.findElement(By.cssSelector("main button[type=submit]")),
          "Bewijs van delen controleren");
      assertThat(browser.text()).contains("Dit is geen bewijs van Jeugdpoort.");
      browser.assertAccessible("receipt check with an answer");
      browser.screenshot("30-bewijs-controleren");
      browser.assertNoSidewaysScrollAt320(base, "portal/bewijs-controleren");
    }
  }

  @Test
  void
      a_youth_of_16_lets_the_parent_see_and_withdraws_it_and_the_parent_no_longer_sees_the_timeline()
          throws Exception {
    String bsn = gateway.bsnOf("wijkteam-noord", "c16");
    Task released =
        gateway.submitAndWait(
            "dirk",
            Gateway.request(
                bsn,
                "wijkteam-noord",
                "child-protection-investigation",
                "legal-duty",
                "Onderzoek naar de veiligheid thuis",
                "identification"));
    String id = released.getIdElement().getIdPart();
    try (Browser youth = new Browser(390, 844);
        Browser parent = new Browser()) {
      parent.login(base, "ouder-16-mother");
      // F3, told in plain words (the rule id is for professionals, not in the family's sentence).
      assertThat(parent.text())
          .contains("Vanaf 16 jaar beslist")
          .doesNotContain("(F3)")
          .doesNotContain("Onderzoek naar de veiligheid thuis");

      youth.login(base, "jongere-16");
      String name = gateway.givenNameOf("wijkteam-noord", "c16");
      assertThat(youth.text())
          .as("the youth is addressed as the youth")
          .contains("U bent ingelogd als " + name + " (16 jaar).")
          .contains("gegevens over u heeft gevraagd")
          .doesNotContain("uw kind")
          .doesNotContain("moeder van");
      assertThat(youth.driver.findElement(By.id("verzoek-" + id)).getText())
          .contains("Onderzoek naar de veiligheid thuis");
      youth.clickAndWait(
          youth.driver.findElement(By.linkText("Toestemming en bezwaar")),
          "Toestemming en bezwaar");
      assertThat(youth.text())
          .contains("Mogen uw ouders meekijken?")
          .contains("uw ouders kijken niet mee");
      youth.clickAndWait(
          youth.driver.findElement(By.xpath("//button[.='Mijn ouders laten meekijken']")),
          "Toestemming en bezwaar");
      youth.assertConfirmation("Uw ouders kunnen nu zien");
      assertThat(youth.text()).contains("uw ouders kijken mee");
      assertThat(youth.driver.findElements(By.xpath("//button[.='Mijn ouders laten meekijken']")))
          .as("the button changed state")
          .isEmpty();
      // A second, identical choice (a replayed POST) changes and audits nothing.
      Portal again = Portal.login(gateway, "jongere-16");
      again.get("/portal/toestemming");
      assertThat(again.post("/portal/meekijken", "ouders=ja").statusCode()).isEqualTo(302);
      assertThat(
              ItDatabase.count(
                  "select count(*) from audit_entry where youth_bsn = '"
                      + bsn
                      + "' and event_type = 'parents-view-allowed'"))
          .isEqualTo(1);
      youth.assertAccessible("parents' view");
      youth.screenshot("10-jongere-meekijken");

      parent.driver.get(base + "portal/");
      assertThat(parent.driver.findElement(By.id("verzoek-" + id)).getText())
          .contains("Onderzoek naar de veiligheid thuis");
      parent.driver.get(base + "portal/kopie/" + id);
      assertThat(parent.text()).contains("Kopie van wat er is gedeeld");

      youth.clickAndWait(
          youth.driver.findElement(By.xpath("//button[.='Mijn ouders niet meer laten meekijken']")),
          "Toestemming en bezwaar");
      youth.assertConfirmation("Uw ouders kunnen niet meer zien");
      // The consent information addresses the youth, not a parent.
      youth.driver.get(base + "portal/toestemming/nieuw?organisatie=ggz-de-linde&doel=referral");
      assertThat(youth.text())
          .contains("Bent u 16 jaar of ouder? Dan beslist u zelf.")
          .contains(YOUTH_CONSENT_TEXT)
          .doesNotContain("uw kind")
          .doesNotContain("Tot uw kind");
      youth.assertAccessible("consent information for the youth");
      youth.screenshot("15-jongere-toestemming-uitleg");
      youth.assertNoSidewaysScrollAt320(base, "portal/", "portal/toestemming");

      parent.driver.get(base + "portal/");
      assertThat(parent.text())
          .contains("Vanaf 16 jaar beslist")
          .doesNotContain("Onderzoek naar de veiligheid thuis");
      assertThat(parent.driver.findElements(By.id("verzoek-" + id))).isEmpty();
      parent.driver.get(base + "portal/kopie/" + id);
      assertThat(parent.driver.getTitle()).isEqualTo("Niet gevonden — Jeugdpoort");
      parent.driver.get(base + "portal/toestemming");
      assertThat(parent.text())
          .doesNotContain("Mogen uw ouders meekijken?")
          .contains("16 jaar of ouder en geeft zelf toestemming")
          .contains("Uw toestemming is niet nodig");
      parent.assertAccessible("consents of a parent of a youth of 16");
      parent.screenshot("11-ouder-van-16-jarige");
    }
    assertThat(
            ItDatabase.count(
                "select count(*) from youth_visibility where youth_bsn = '"
                    + bsn
                    + "' and parents_may_see = false"))
        .isEqualTo(1);
    // Only the youth decides (F3): the parent cannot switch it back on.
    Portal parent = Portal.login(gateway, "ouder-16-mother");
    parent.get("/portal/toestemming");
    assertThat(parent.post("/portal/meekijken", "ouders=ja").statusCode()).isEqualTo(403);
    assertThat(
            ItDatabase.count(
                "select count(*) from youth_visibility where youth_bsn = '"
                    + bsn
                    + "' and parents_may_see = true"))
        .isZero();
    // C2 on the FHIR API too: a parent's consent for a youth of 16 does not count and is not taken.
    long consents = ItDatabase.count("select count(*) from consent_record");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                gateway
                    .as("ouder-16-mother")
                    .create()
                    .resource(
                        Gateway.consent(
                            bsn, "permit", "gi-horizon", "care-coordination", "care-plan"))
                    .execute())
        .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException.class)
        .hasMessageContaining("C2");
    assertThat(ItDatabase.count("select count(*) from consent_record")).isEqualTo(consents);
  }

  @Test
  void
      a_professional_requests_through_the_form_sees_the_status_and_reads_the_release_and_the_privacy_officer_reviews()
          throws Exception {
    String bsn = gateway.bsnOf("ggz-de-linde", "c12");
    String id;
    try (Browser browser = new Browser(390, 844)) {
      WebDriver web = browser.driver;
      browser.login(base, "dirk");
      browser.clickAndWait(web.findElement(By.linkText("Verzoeken")), "Verzoeken");
      browser.assertAccessible("requests on a phone");
      assertThat(new Select(web.findElement(By.id("doel"))).getOptions())
          .extracting(WebElement::getText)
          .as("P3: only the purposes of dirk's role")
          .containsExactly("Kies een doel", "Onderzoek door de Raad voor de Kinderbescherming");
      web.findElement(By.id("bsn")).sendKeys(bsn);
      new Select(web.findElement(By.id("bron"))).selectByVisibleText("Jeugd-GGZ De Linde");
      new Select(web.findElement(By.id("doel"))).selectByValue("child-protection-investigation");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Verder']")),
          "Gegevens opvragen bij Jeugd-GGZ De Linde");
      List<WebElement> bases = web.findElements(By.name("grondslag"));
      assertThat(bases)
          .extracting(b -> b.getAttribute("value"))
          .as("P3: the bases of the purpose")
          .containsExactly("legal-duty");
      assertThat(web.findElements(By.name("gegevens"))).noneMatch(WebElement::isSelected);
      browser.assertAccessible("request form");
      browser.screenshot("12-verzoek-formulier");

      // Missing fields (past the browser's own checks): a clear answer, nothing stored.
      long before = ItDatabase.count("select count(*) from data_request");
      Portal http = Portal.login(gateway, "dirk");
      http.get("/portal/verzoeken");
      HttpResponse<String> incomplete =
          http.post(
              "/portal/verzoeken",
              "bsn=" + bsn + "&bron=ggz-de-linde&doel=child-protection-investigation");
      assertThat(incomplete.statusCode()).isEqualTo(422);
      assertThat(incomplete.body())
          .contains("Het verzoek is niet verstuurd")
          .contains("P1:")
          .contains("P2:")
          .contains("P3:");
      HttpResponse<String> invalidBsn =
          http.post(
              "/portal/verzoeken",
              "bsn=123456789&bron=ggz-de-linde"
                  + "&doel=child-protection-investigation&gegevens=care-plan&grondslag=legal-duty&uitleg=Onderzoek");
      assertThat(invalidBsn.statusCode()).isEqualTo(422);
      assertThat(invalidBsn.body()).contains("C5:");
      HttpResponse<String> otherCategory =
          http.post(
              "/portal/verzoeken",
              "bsn="
                  + bsn
                  + "&bron=ggz-de-linde"
                  + "&doel=child-protection-investigation&gegevens=notes&grondslag=legal-duty&uitleg=Onderzoek");
      assertThat(otherCategory.statusCode()).isEqualTo(422);
      assertThat(otherCategory.body()).contains("P2:");
      HttpResponse<String> hugeCategory =
          http.post(
              "/portal/verzoeken",
              "bsn="
                  + bsn
                  + "&bron=ggz-de-linde"
                  + "&doel=child-protection-investigation&gegevens="
                  + "x".repeat(5000)
                  + "&grondslag=legal-duty&uitleg=Onderzoek");
      assertThat(hugeCategory.statusCode()).isEqualTo(422);
      assertThat(hugeCategory.body())
          .contains("Kies de gegevens uit de lijst")
          .doesNotContain("xxxxxxxxxx");
      assertThat(ItDatabase.count("select count(*) from data_request")).isEqualTo(before);

      web.findElement(By.cssSelector("label[for=grondslag-0]")).click();
      for (WebElement label : web.findElements(By.cssSelector(".check label[for^=gegevens]"))) {
        if (label.getText().startsWith("Identificatie")
            || label.getText().startsWith("Plan van aanpak")) {
          label.click();
        }
      }
      web.findElement(By.id("uitleg"))
          .sendKeys("Onderzoek naar de thuissituatie op verzoek van de kinderrechter");
      web.findElement(By.id("achteraf"))
          .sendKeys("Vooraf melden brengt het kind in gevaar: de vader is gewelddadig.");

      // "Wat zou er gedeeld worden?": the same decision the flow makes before the fetch, as a dry
      // run.
      long requests = ItDatabase.count("select count(*) from data_request");
      String previews =
          "select count(*) from audit_entry where youth_bsn = '"
              + bsn
              + "' and event_type = 'preview' "
              + "and actor_username = 'dirk'";
      long previewsBefore = ItDatabase.count(previews);
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Wat zou er gedeeld worden?']")),
          "Gegevens opvragen bij");
      WebElement preview = web.findElement(By.id("voorbeeld"));
      assertThat(web.findElement(By.id("voorbeeld-uitkomst")).getText())
          .contains("Identificatie")
          .contains("wordt gedeeld")
          .contains("Pas achteraf (N2).");
      browser.assertInViewport(preview, "the preview's heading");
      assertThat(ItDatabase.count("select count(*) from data_request"))
          .as("a preview stores no request")
          .isEqualTo(requests);
      assertThat(ItDatabase.count(previews)).isEqualTo(previewsBefore + 1);
      assertThat(web.findElement(By.id("achteraf")).getAttribute("value"))
          .as("the form keeps what was typed")
          .startsWith("Vooraf melden");
      browser.assertAccessible("request form with its preview on a phone");
      browser.screenshot("20-telefoon-verzoek-voorbeeld");
      browser.clickAndWait(
          web.findElement(By.xpath("//button[.='Verzoek versturen']")), "Verzoek van");
      browser.assertConfirmation("Uw verzoek is verstuurd");
      String url = web.getCurrentUrl().replaceAll("\\?.*$", "");
      id = url.substring(url.lastIndexOf('/') + 1);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                web.navigate().refresh();
                return web.findElement(By.cssSelector("p.status")).getText().contains("Gedeeld");
              });
      assertThat(browser.text())
          .contains("De gedeelde gegevens")
          .contains("Persoonsgegevens")
          .contains("N2")
          .contains("Vooraf melden brengt het kind in gevaar");
      browser.assertAccessible("request status with the release on a phone");
      browser.screenshot("13-verzoek-gedeeld");
      browser.assertNoSidewaysScrollAt320(
          base,
          "portal/",
          "portal/verzoeken",
          "portal/verzoeken/" + id,
          "portal/verzoeken/nieuw?bsn="
              + bsn
              + "&bron=ggz-de-linde&doel=child-protection-investigation");
    }
    // One request per form: the same form sent twice (a double tap, a replayed POST) makes one
    // request.
    Portal dirk = Portal.login(gateway, "dirk");
    String form =
        dirk.get(
                "/portal/verzoeken/nieuw?bsn="
                    + bsn
                    + "&bron=ggz-de-linde&doel=child-protection-investigation")
            .body();
    String token =
        Portal.find(java.util.regex.Pattern.compile("name=\"formulier\" value=\"([^\"]+)\""), form);
    String filled =
        "bsn="
            + bsn
            + "&bron=ggz-de-linde&doel=child-protection-investigation&gegevens=identification"
            + "&grondslag=legal-duty&uitleg="
            + Portal.enc("Onderzoek, nog een keer verstuurd")
            + "&formulier="
            + token;
    long requestsBefore = ItDatabase.count("select count(*) from data_request");
    HttpResponse<String> once = dirk.post("/portal/verzoeken", filled);
    HttpResponse<String> twice = dirk.post("/portal/verzoeken", filled);
    assertThat(once.statusCode()).isEqualTo(302);
    assertThat(twice.headers().firstValue("Location"))
        .isEqualTo(once.headers().firstValue("Location"));
    assertThat(ItDatabase.count("select count(*) from data_request")).isEqualTo(requestsBefore + 1);
    assertThat(
            ItDatabase.text("select requester_username from data_request where id = '" + id + "'"))
        .isEqualTo("dirk");

    // The family does not see it before the notice afterwards goes out (N2).
    Portal family = Portal.login(gateway, "ouder-12-mother");
    assertThat(family.get("/portal/").body()).doesNotContain("verzoek-" + id);
    assertThat(family.get("/portal/kopie/" + id).statusCode()).isEqualTo(404);
    // #20.6: dirk's views of the release on his request page are audited, but the family sees them
    // only once the notice went (N2); nor is there a receipt before (#20.4).
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where request_id = '"
                    + id
                    + "' and event_type = 'release-viewed' and actor_username = 'dirk'"))
        .isPositive();
    assertThat(family.get("/portal/bewijs/" + id).statusCode()).isEqualTo(404);
    // Another organisation's professional does not see it at all.
    Portal anna = Portal.login(gateway, "anna");
    assertThat(anna.get("/portal/verzoeken/" + id).statusCode()).isEqualTo(404);
    assertThat(anna.get("/portal/kopie/" + id + ".json").statusCode()).isEqualTo(404);

    // The source's privacy officer reviews the delayed notice; sees motivations, not the data.
    try (Browser browser = new Browser()) {
      browser.login(base, "pieter");
      browser.clickAndWait(
          browser.driver.findElement(By.linkText("Te controleren")), "Te controleren");
      WebElement review = browser.driver.findElement(By.id("controle-" + id));
      assertThat(review.getText())
          .contains("Raad voor de Kinderbescherming")
          .contains("Dirk Visser")
          .contains("Vooraf melden brengt het kind in gevaar")
          .contains("Bericht achteraf (N2)")
          .doesNotContain(bsn);
      browser.assertAccessible("privacy officer's review");
      browser.screenshot("14-privacy-controle");
      browser.driver.get(base + "portal/kopie/" + id);
      assertThat(browser.driver.getTitle())
          .as("a privacy officer reads no released data")
          .isEqualTo("Niet gevonden — Jeugdpoort");

      // N2: the reason for the delay lapsed; the officer sends the notices now instead of at the
      // deadline.
      assertThat(ItMail.received())
          .noneMatch(m -> ItMail.text(m).contains("Onderzoek naar de thuissituatie"));
      browser.driver.get(base + "portal/controle");
      browser.clickAndWait(
          browser.driver.findElement(By.id("controle-" + id)).findElement(By.tagName("button")),
          "Te controleren");
      browser.assertConfirmation("De berichten gaan nu naar de familie (N2).");
      assertThat(
              browser
                  .driver
                  .findElement(By.id("controle-" + id))
                  .findElements(By.xpath(".//button[.='Bericht nu naar de familie sturen']")))
          .as("the button is gone once the notices went")
          .isEmpty();
      browser.assertAccessible("privacy officer's review after sending");

      // The review is recorded: it moves to the reviewed list with who, when and the remark.
      WebElement open = browser.driver.findElement(By.id("controle-" + id));
      open.findElement(By.tagName("textarea"))
          .sendKeys("Motivatie voldoende; bericht verstuurd na afloop van het gevaar.");
      browser.clickAndWait(
          open.findElement(By.xpath(".//button[.='Gecontroleerd']")), "Te controleren");
      browser.assertConfirmation("Vastgelegd als gecontroleerd.");
      assertThat(browser.driver.findElements(By.id("controle-" + id))).isEmpty();
      assertThat(browser.driver.findElement(By.id("gecontroleerd-" + id)).getText())
          .contains("pieter")
          .contains("Motivatie voldoende");
      browser.assertAccessible("privacy officer's reviewed list");
      browser.assertNoSidewaysScrollAt320(base, "portal/controle");
    }
    // Sent again (a replayed POST): still one review.
    Portal pieter = Portal.login(gateway, "pieter");
    pieter.get("/portal/controle");
    assertThat(pieter.post("/portal/controle/afgehandeld", "verzoek=" + id).statusCode())
        .isEqualTo(302);
    assertThat(
            ItDatabase.count(
                "select count(*) from privacy_review where request_id = '"
                    + id
                    + "' and organisation_id = 'ggz-de-linde' and reviewed_by = 'pieter'"))
        .isEqualTo(1);
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where request_id = '"
                    + id
                    + "' and event_type = 'privacy-review' and rule_ids = 'N2'"))
        .isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> family.get("/portal/").body().contains("verzoek-" + id));
    assertThat(family.get("/portal/").body())
        .contains("Vooraf melden brengt het kind in gevaar")
        .contains("Uw berichten")
        .contains(
            "Bekeken door Raad voor de Kinderbescherming (raadsonderzoeker Raad voor de"
                + " Kinderbescherming) op ");
    assertThat(family.get("/portal/kopie/" + id).statusCode()).isEqualTo(200);
    assertThat(family.get("/portal/bewijs/" + id).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                ItMail.received().stream()
                    .anyMatch(m -> ItMail.text(m).contains("Onderzoek naar de thuissituatie")));
    jakarta.mail.internet.MimeMessage mail =
        ItMail.received().stream()
            .filter(m -> ItMail.text(m).contains("Onderzoek naar de thuissituatie"))
            .findFirst()
            .orElseThrow();
    // N2, composed when it goes out: what was shared and when, and why the notice came later (issue
    // #13).
    assertThat(mail.getSubject())
        .startsWith("Er zijn gegevens over ")
        .endsWith(" gedeeld met Raad voor de Kinderbescherming");
    assertThat(ItMail.text(mail))
        .contains("heeft gegevens over")
        .contains("Dat was op ")
        .contains("Waarom krijgt u dit bericht pas nu?")
        .contains("Vooraf melden brengt het kind in gevaar: de vader is gewelddadig.")
        .doesNotContain("direct na dit bericht")
        .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
    assertThat(
            ItDatabase.count(
                "select count(*) from audit_entry where request_id = '"
                    + id
                    + "' and rule_ids = 'N2' "
                    + "and actor_username = 'pieter' and event_type = 'notice'"))
        .isEqualTo(1);
  }
}
