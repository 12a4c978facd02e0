package nl.jeugdpoort.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by ChromeDriver (installed by build/ensure-test-tools.sh), with
 * axe-core checks (WCAG 2.1 A and AA) and screenshots under {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {
  private static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/screenshots"));
  final ChromeDriver driver;

  Browser() throws IOException {
    Path profile = Files.createTempDirectory("jeugdpoort-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--lang=nl-NL", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  /** Opens the login page under {@code base} (ending in /), passes axe there, and logs {@code user} in. */
  void login(String base, String user) {
    driver.get(base + "portal/login");
    assertThat(driver.getTitle()).isEqualTo("Inloggen — Jeugdpoort");
    assertAccessible("login");
    driver.findElement(By.id("gebruikersnaam")).sendKeys(user);
    driver.findElement(By.id("wachtwoord")).sendKeys("demo-" + user);
    driver.findElement(By.cssSelector("main button[type=submit]")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.tagName("h1")).getText().startsWith("Welkom"));
    assertAccessible("start page of " + user);
  }

  /** Clicks and waits until the next page's heading is there. */
  void clickAndWait(WebElement element, String headingStart) {
    WebElement page = driver.findElement(By.tagName("html"));
    element.click();
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(page));
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.tagName("h1")).getText().startsWith(headingStart));
  }

  private static boolean gone(WebElement element) {
    try {
      element.isDisplayed();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    }
  }

  String text() {
    return driver.findElement(By.tagName("main")).getText();
  }

  /** Runs axe-core on the current page; fails on any serious or critical WCAG 2.1 A/AA violation. */
  void assertAccessible(String page) {
    Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
    List<String> serious = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .map(Browser::describe).toList();
    assertThat(serious).as("serious or critical accessibility violations on %s", page).isEmpty();
    assertThat(results.getPasses()).as("axe ran its checks on %s", page).isNotEmpty();
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String describe(Rule v) {
    return v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at " + v.getNodes().stream()
        .map(n -> String.valueOf(n.getTarget())).toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
