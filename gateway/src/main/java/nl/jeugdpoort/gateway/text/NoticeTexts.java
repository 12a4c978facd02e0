package nl.jeugdpoort.gateway.text;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The family notices (rules N1, N2, N3, O2), one template per situation under {@code
 * text/notices/}: {@link Situation#BEFORE} {@code before}, {@link Situation#HELD} {@code held},
 * {@link Situation#AFTER} {@code after}, {@link Situation#OVERRIDE} {@code override}, {@link
 * Situation#REFUSED} {@code refused} (shared parts in {@code notices/parts/}). Each says exactly
 * what happened and what the reader can still do, addressed to the reader: "u" for an adult, "je"
 * for the youth; "U heeft bezwaar gemaakt" only to who objected, others read who did ("De vader van
 * Thijs heeft bezwaar gemaakt").
 */
public final class NoticeTexts {
  private final TextTemplates templates;

  public NoticeTexts(TextTemplates templates) {
    this.templates = Objects.requireNonNull(templates, "templates");
  }

  /** Which notice. */
  public enum Situation {
    /** N1: before the release; the data is shared right after this notice. */
    BEFORE("notices/before"),
    /** N1 + N3: before the release, held for the purpose's objection window. */
    HELD("notices/held"),
    /** N2: the notice comes after the release. */
    AFTER("notices/after"),
    /**
     * O2: an objection was set aside on a legal duty or compelling interest (before, held or
     * after).
     */
    OVERRIDE("notices/override"),
    /** After an earlier notice: the request ended without anything shared. */
    REFUSED("notices/refused");

    private final String template;

    Situation(String template) {
      this.template = template;
    }

    /** The template name for {@link TextTemplates}. */
    public String template() {
      return template;
    }
  }

  /** Why nothing was shared (for {@link Situation#REFUSED}). */
  public enum Refusal {
    /** Someone in the family objected (O1). */
    OBJECTION,
    /** The source refused on its own professional grounds (P6). */
    SOURCE,
    /** The rules did not allow it; {@link Facts#refusalReasons()} says why in plain words. */
    RULES
  }

  /** Someone who objected, by person id (as in the objection record) and role. */
  public record Objector(String personId, FamilyRole role) {}

  /**
   * Everything a notice says. Texts are plain Dutch already (catalogue displays, the professional's
   * own words); instants are shown in Europe/Amsterdam.
   *
   * @param situation which notice
   * @param recipientId the reader's person id (to tell "U heeft bezwaar gemaakt" from "De vader van
   *     …")
   * @param recipientName the reader's name, or null
   * @param recipientRole the reader's role in the family
   * @param childFirstName the youth's first name
   * @param childBirthDate the youth's birth date (age: 16 or older decides alone)
   * @param today the day of the notice (Amsterdam)
   * @param requesterName the professional who asks
   * @param requesterRole their role in words ("raadsonderzoeker …")
   * @param requesterOrg their organisation's name
   * @param sourceOrg the name of the organisation that holds the data
   * @param categories the kinds of data, in words (asked for; for {@code AFTER}: shared; for {@code
   *     REFUSED}: not shared)
   * @param purpose the purpose's display
   * @param purposeDefinition the purpose's plain definition
   * @param explanation the professional's explanation (quoted)
   * @param basis the legal basis in words ("wettelijke plicht")
   * @param overridingBasis true for a legal duty or compelling interest with a written motivation
   *     (O2 possible)
   * @param motivation the written motivation, or null
   * @param afterwards true when the notice comes after the release (N2)
   * @param delayMotivation the motivation for telling afterwards (N2), or null
   * @param windowEnd until when an objection stops the release (N3), or null
   * @param releasedAt when the data was shared (N2), or null when not (yet) shared
   * @param objectors who objected (O2, or a refusal by objection)
   * @param refusal why nothing was shared, for {@code REFUSED}
   * @param refusalReasons plain-Dutch sentences of the refusal, for {@link Refusal#RULES}
   * @param link the portal page of this request for the reader
   */
  public record Facts(
      Situation situation,
      String recipientId,
      String recipientName,
      FamilyRole recipientRole,
      String childFirstName,
      LocalDate childBirthDate,
      LocalDate today,
      String requesterName,
      String requesterRole,
      String requesterOrg,
      String sourceOrg,
      List<String> categories,
      String purpose,
      String purposeDefinition,
      String explanation,
      String basis,
      boolean overridingBasis,
      String motivation,
      boolean afterwards,
      String delayMotivation,
      Instant windowEnd,
      Instant releasedAt,
      List<Objector> objectors,
      Refusal refusal,
      List<String> refusalReasons,
      String link) {
    public Facts {
      Objects.requireNonNull(situation, "situation");
      Objects.requireNonNull(recipientRole, "recipientRole");
      Objects.requireNonNull(childFirstName, "childFirstName");
      Objects.requireNonNull(today, "today");
      categories = categories == null ? List.of() : List.copyOf(categories);
      objectors = objectors == null ? List.of() : List.copyOf(objectors);
      refusalReasons = refusalReasons == null ? List.of() : List.copyOf(refusalReasons);
    }

    /** The same facts for another situation (e.g. an N2 notice rendered again at delivery). */
    public Facts as(
        Situation other, Instant released, Refusal why, List<String> reasons, List<String> kinds) {
      return new Facts(
          other,
          recipientId,
          recipientName,
          recipientRole,
          childFirstName,
          childBirthDate,
          today,
          requesterName,
          requesterRole,
          requesterOrg,
          sourceOrg,
          kinds,
          purpose,
          purposeDefinition,
          explanation,
          basis,
          overridingBasis,
          motivation,
          afterwards,
          delayMotivation,
          windowEnd,
          released,
          objectors,
          why,
          reasons,
          link);
    }
  }

  /** The notice's subject (first line) and body. */
  public TextTemplates.Message compose(Facts f) {
    return templates.message(f.situation().template(), model(f));
  }

  /**
   * The forms of address: "u" to an adult, "je" to the youth (the words that differ between the
   * two).
   */
  private static final Map<String, String> U =
      Map.of(
          "U",
          "U",
          "u",
          "u",
          "uw",
          "uw",
          "Uw",
          "Uw",
          "Bent",
          "Bent u",
          "kunt",
          "kunt u",
          "Maakt",
          "Maakt u",
          "heeft",
          "heeft",
          "Heeft",
          "Heeft u",
          "krijgt",
          "krijgt u");

  private static final Map<String, String> JE =
      Map.of(
          "U",
          "Je",
          "u",
          "je",
          "uw",
          "je",
          "Uw",
          "Je",
          "Bent",
          "Ben je",
          "kunt",
          "kun je",
          "Maakt",
          "Maak je",
          "heeft",
          "hebt",
          "Heeft",
          "Heb je",
          "krijgt",
          "krijg je");

  static Map<String, Object> model(Facts f) {
    boolean youth = f.recipientRole() == FamilyRole.YOUTH;
    String child = f.childFirstName();
    Integer age = f.childBirthDate() == null ? null : Dutch.age(f.childBirthDate(), f.today());
    boolean decidesAlone = age != null && age >= 16;
    Map<String, Object> m = new HashMap<>();
    m.put("f", f);
    m.put("youth", youth);
    m.put("child", child);
    m.put("about", youth ? "jou" : child);
    m.put("age", age);
    m.put("decidesAlone", decidesAlone);
    m.put(
        "greeting",
        youth
            ? child
            : f.recipientName() != null && !f.recipientName().isBlank()
                ? f.recipientName()
                : f.recipientRole().word() + " van " + child);
    m.put("audience", youth ? "youth" : f.recipientRole().isParent() ? "parent" : "representative");
    m.put("roleWord", f.recipientRole().word());
    m.put("requesterRole", decapitalise(f.requesterRole()));
    m.put("objected", objectionSentence(f, youth));
    m.put(
        "objectedSelf",
        f.objectors().stream()
            .anyMatch(o -> o.personId() != null && o.personId().equals(f.recipientId())));
    m.put("windowEnd", Dutch.dateTime(f.windowEnd()));
    m.put("releasedAt", Dutch.dateTime(f.releasedAt()));
    m.put("hasMotivation", f.motivation() != null && !f.motivation().isBlank());
    m.put("hasDelayMotivation", f.delayMotivation() != null && !f.delayMotivation().isBlank());
    m.put("link", f.link() == null ? "" : f.link());
    m.put("mayObject", youth || !f.recipientRole().isParent() || !decidesAlone);
    m.put("w", youth ? JE : U);
    return m;
  }

  /**
   * "U heeft bezwaar gemaakt." / "Je hebt bezwaar gemaakt." / "De vader van Thijs heeft bezwaar
   * gemaakt." / "U en de vader van Thijs hebben bezwaar gemaakt." — or empty when nobody is named.
   */
  static String objectionSentence(Facts f, boolean youth) {
    boolean self = false;
    List<String> others = new ArrayList<>();
    for (Objector o : f.objectors()) {
      if (o.personId() != null && o.personId().equals(f.recipientId())) {
        self = true;
      } else {
        String who = o.role().of(f.childFirstName());
        if (!others.contains(who)) {
          others.add(who);
        }
      }
    }
    if (!self && others.isEmpty()) {
      return "";
    }
    if (self && others.isEmpty()) {
      return youth ? "Je hebt bezwaar gemaakt." : "U heeft bezwaar gemaakt.";
    }
    List<String> all = new ArrayList<>();
    if (self) {
      all.add(youth ? "jij" : "u");
    }
    all.addAll(others);
    return Dutch.capitalise(Dutch.list(all))
        + (all.size() == 1 ? " heeft" : " hebben")
        + " bezwaar gemaakt.";
  }

  private static String decapitalise(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    // Keep names and abbreviations ("GGZ"): lower only a capital followed by a lower-case letter.
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))) {
      return s.substring(0, 1).toLowerCase(Locale.forLanguageTag("nl-NL")) + s.substring(1);
    }
    return s;
  }
}
