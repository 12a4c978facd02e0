package nl.jeugdpoort.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assertions for texts meant for families (plain Dutch, B1), reusable by every text test: {@code
 * PlainDutch.check(text).allowUrl(portalLink).mentions("Thijs").assertPlain()}. Checks: no rule id
 * ({@code \b[A-Z][0-9]\b}), no ISO date or timestamp or raw instant, no "null", no English words of
 * a small list, no technical terms (FHIR, JSON), no URL but the allowed ones, every sentence of at
 * most {@link #MAX_WORDS} words. Text between double quotes ("…") is a professional's own words,
 * quoted: it is left out of the sentence-length and English checks, not out of the others.
 */
public final class PlainDutch {
  /** B1 guidance: sentences of at most about 20 words. */
  public static final int MAX_WORDS = 20;

  private static final Pattern RULE_ID = Pattern.compile("\\b[A-Z][0-9]\\b");
  private static final Pattern ISO =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}|\\d{2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}T|\\bT\\d{2}:\\d{2}|\\d+Z\\b|\\bP(T?\\d+[DHMS])+\\b");
  private static final Pattern URL =
      Pattern.compile("(https?://|www\\.)\\S+|(?<![\\w.])/(fhir|portal|api|auth)\\S*");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|“[^”]*”");
  private static final List<String> ENGLISH =
      List.of(
          "the",
          "and",
          "you",
          "your",
          "request",
          "notice",
          "release",
          "released",
          "objection",
          "consent",
          "purpose",
          "shared",
          "review",
          "refused",
          "legal",
          "duty",
          "before",
          "after",
          "please",
          "click",
          "here",
          "data-request",
          "null",
          "undefined",
          "true",
          "false");
  private static final List<String> TECHNICAL =
      List.of(
          "FHIR",
          "JSON",
          "Bundle",
          "Task",
          "Communication",
          "Consent",
          "RelatedPerson",
          "Patient/");

  private final String text;
  private final List<String> urls = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  private PlainDutch(String text) {
    this.text = text;
  }

  public static PlainDutch check(String text) {
    assertThat(text).as("text").isNotNull().isNotBlank();
    return new PlainDutch(text);
  }

  /** A URL that may appear (the portal link of the request). */
  public PlainDutch allowUrl(String url) {
    urls.add(url);
    return this;
  }

  /** A word (the child's first name) that must appear. */
  public PlainDutch mentions(String name) {
    names.add(name);
    return this;
  }

  /** Runs every check; the failure message quotes the text. */
  public void assertPlain() {
    String withoutUrls = text;
    for (String url : urls) {
      withoutUrls = withoutUrls.replace(url, " ");
    }
    for (String name : names) {
      assertThat(text).as("names %s in:%n%s", name, text).contains(name);
    }
    assertThat(find(RULE_ID, text)).as("rule ids in:%n%s", text).isEmpty();
    assertThat(find(ISO, withoutUrls)).as("ISO dates, times or durations in:%n%s", text).isEmpty();
    assertThat(find(URL, withoutUrls)).as("URLs other than %s in:%n%s", urls, text).isEmpty();
    assertThat(text.toLowerCase(Locale.ROOT))
        .as("\"null\" in:%n%s", text)
        .doesNotContainPattern("\\bnull\\b");
    for (String term : TECHNICAL) {
      assertThat(withoutUrls).as("technical term %s in:%n%s", term, text).doesNotContain(term);
    }
    String own = QUOTED.matcher(withoutUrls).replaceAll("\"…\"");
    List<String> english = new ArrayList<>();
    for (String word : own.toLowerCase(Locale.ROOT).split("[^\\p{L}-]+")) {
      if (ENGLISH.contains(word)) {
        english.add(word);
      }
    }
    assertThat(english).as("English words in:%n%s", text).isEmpty();
    assertThat(longSentences(own)).as("sentences over %d words in:%n%s", MAX_WORDS, text).isEmpty();
  }

  /**
   * The sentences of a text with more than {@link #MAX_WORDS} words (quotes excluded by the
   * caller).
   */
  static List<String> longSentences(String text) {
    List<String> out = new ArrayList<>();
    // A sentence ends at . ! ? or : followed by a space or line end, or at a line end (lists,
    // greetings).
    for (String sentence : text.split("(?<=[.!?:])\\s+|\\n")) {
      String[] words = sentence.trim().split("\\s+");
      if (words.length > MAX_WORDS) {
        out.add(sentence.trim());
      }
    }
    return out;
  }

  private static List<String> find(Pattern pattern, String in) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(in);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
