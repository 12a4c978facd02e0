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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by ChromeDriver (installed by build/ensure-test-tools.sh),
 * with axe-core checks (WCAG 2.1 A and AA) and screenshots under {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("it.screenshots", "target/screenshots"));
  final ChromeDriver driver;

  /** A desktop window, 1366×900. */
  Browser() throws IOException {
    this(1366, 900);
  }

  /** A window of {@code width}×{@code height} CSS pixels (390×844 is a phone). */
  Browser(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("jeugdpoort-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height,
        "--lang=nl-NL",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    resize(width, height);
  }

  /**
   * Sets the viewport to exactly {@code width}×{@code height} CSS pixels (Chrome's device metrics,
   * as DevTools' device toolbar does; not emulated as a touch device, so nothing is zoomed out to
   * fit).
   */
  void resize(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    this.width = width;
    this.height = height;
  }

  private int width;
  private int height;

  /** Checks that the page is laid out at the width asked for. */
  private void assertWidth() {
    long inner = ((Number) driver.executeScript("return window.innerWidth;")).longValue();
    assertThat(inner).as("the viewport is %s px wide", width).isEqualTo(width);
  }

  /**
   * Opens the login page under {@code base} (ending in /), passes axe there, and logs {@code user}
   * in.
   */
  void login(String base, String user) {
    driver.get(base + "portal/login");
    assertThat(driver.getTitle()).isEqualTo("Inloggen — Jeugdpoort");
    assertAccessible("login");
    driver.findElement(By.id("gebruikersnaam")).sendKeys(user);
    driver.findElement(By.id("wachtwoord")).sendKeys("demo-" + user);
    driver.findElement(By.cssSelector("main button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> driver.findElement(By.tagName("h1")).getText().startsWith("Welkom"));
    assertAccessible("start page of " + user);
  }

  /** Clicks and waits until the next page's heading is there. */
  void clickAndWait(WebElement element, String headingStart) {
    WebElement page = driver.findElement(By.tagName("html"));
    element.click();
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(page));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> driver.findElement(By.tagName("h1")).getText().startsWith(headingStart));
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

  /**
   * The confirmation of the action just done ({@code #melding}) says {@code text} and is inside the
   * viewport as the page opens — no scrolling, no anchor that moved it away.
   */
  void assertConfirmation(String text) {
    WebElement message = driver.findElement(By.id("melding"));
    assertThat(message.getText()).contains(text);
    assertInViewport(message, "the confirmation '" + text + "'");
  }

  /**
   * {@code element} lies inside the viewport as the page is now (getBoundingClientRect against
   * innerHeight).
   */
  void assertInViewport(WebElement element, String what) {
    @SuppressWarnings("unchecked")
    Map<String, Object> box =
        (Map<String, Object>)
            driver.executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                    + "return {top: r.top, bottom: r.bottom, height: window.innerHeight, y: window.scrollY};",
                element);
    double top = ((Number) box.get("top")).doubleValue();
    double bottom = ((Number) box.get("bottom")).doubleValue();
    double height = ((Number) box.get("height")).doubleValue();
    assertThat(top).as("%s starts inside the viewport (%s)", what, box).isGreaterThanOrEqualTo(0);
    assertThat(bottom)
        .as("%s ends inside the viewport (%s)", what, box)
        .isLessThanOrEqualTo(height);
  }

  /** The page does not scroll sideways at the window's width. */
  void assertNoSidewaysScroll(String page) {
    assertWidth();
    @SuppressWarnings("unchecked")
    Map<String, Object> widths =
        (Map<String, Object>)
            driver.executeScript(
                "return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth};");
    assertThat(((Number) widths.get("scroll")).longValue())
        .as("no sideways scrolling on %s (%s)", page, widths)
        .isLessThanOrEqualTo(((Number) widths.get("client")).longValue());
  }

  /**
   * Opens each page (paths under {@code base}) at 320 px wide and checks it does not scroll
   * sideways.
   */
  void assertNoSidewaysScrollAt320(String base, String... paths) {
    int w = width;
    int h = height;
    resize(320, h);
    try {
      for (String path : paths) {
        driver.get(base + path);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !driver.findElements(By.tagName("h1")).isEmpty());
        assertNoSidewaysScroll(path + " at 320 px");
      }
    } finally {
      resize(w, h);
    }
  }

  /**
   * Runs axe-core on the current page; fails on any serious or critical WCAG 2.1 A/AA violation.
   * Checks as well that the page does not scroll sideways at the current window width.
   */
  void assertAccessible(String page) {
    assertNoSidewaysScroll(page);
    Results results =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
            .analyze(driver);
    List<String> serious =
        results.getViolations().stream()
            .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
            .map(Browser::describe)
            .toList();
    assertThat(serious).as("serious or critical accessibility violations on %s", page).isEmpty();
    assertThat(results.getPasses()).as("axe ran its checks on %s", page).isNotEmpty();
  }

  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String describe(Rule v) {
    return v.getId()
        + " ("
        + v.getImpact()
        + "): "
        + v.getHelp()
        + " at "
        + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
