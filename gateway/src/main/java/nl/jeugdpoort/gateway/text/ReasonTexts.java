package nl.jeugdpoort.gateway.text;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * Words the policy's reasons ({@link Reason}: rule id, effect, {@link
 * nl.jeugdpoort.policy.ReasonKey} and parameters) and suggestions ({@link Suggestion}, rule P6) for
 * one audience, from the templates {@code text/reasons/family.txt}, {@code professional.txt},
 * {@code auditor.txt} and {@code suggestion.txt}:
 *
 * <ul>
 *   <li>{@link Audience#FAMILY} — plain Dutch (B1), no rule ids; the child by first name, the
 *       people named as the reader knows them ("u", "je moeder", "de vader"), dates as "15 december
 *       2026" (Europe/Amsterdam).
 *   <li>{@link Audience#PROFESSIONAL} — Dutch, precise, every sentence with its rule id, codes and
 *       ids.
 *   <li>{@link Audience#AUDITOR} — English, rule id, record ids and ISO 8601 instants (the audit
 *       detail).
 * </ul>
 *
 * <p>Every key has a text for every audience ({@code ReasonTextsTest}). The model of a template:
 * {@code key} (the key's code), {@code rule}, {@code effect}, {@code p} (the parameters), {@code
 * child} (first name), {@code youth} (the reader is the youth) and {@code w}, the {@link
 * ReasonWords} of the audience.
 */
@ApplicationScoped
public class ReasonTexts {
  /** Who reads. */
  public enum Audience {
    FAMILY("family"),
    PROFESSIONAL("professional"),
    AUDITOR("auditor");

    private final String template;

    Audience(String template) {
      this.template = template;
    }
  }

  /**
   * The family member who reads a family text.
   *
   * @param viewerPersonId the reader's person id (the id the policy uses: {@code Patient/…}, {@code
   *     RelatedPerson/…}), so that the reader is "u" / "je"; null for the family in general
   * @param viewerIsYouth the reader is the youth: addressed as "je"
   * @param childFirstName the child's first name ("" when unknown: then "de jongere")
   */
  public record FamilyView(String viewerPersonId, boolean viewerIsYouth, String childFirstName) {
    public FamilyView {
      childFirstName = childFirstName == null ? "" : childFirstName;
    }

    /** The family in general (e.g. a stored status), the child named. */
    public static FamilyView general(String childFirstName) {
      return new FamilyView(null, false, childFirstName);
    }
  }

  private TextTemplates templates;
  private PurposeCatalogue catalogue;

  /** For CDI's proxy. */
  protected ReasonTexts() {}

  @Inject
  public ReasonTexts(TextTemplates templates, PurposeCatalogue catalogue) {
    this.templates = templates;
    this.catalogue = catalogue;
  }

  /** The reason in plain Dutch for {@code view}'s reader. */
  public String family(Reason reason, FamilyView view) {
    return render(reason, Audience.FAMILY, view);
  }

  /** The reason for the professional: Dutch, with its rule id. */
  public String professional(Reason reason) {
    return render(reason, Audience.PROFESSIONAL, FamilyView.general(""));
  }

  /** The reason for the auditor: English, with its rule id. */
  public String auditor(Reason reason) {
    return render(reason, Audience.AUDITOR, FamilyView.general(""));
  }

  /** One reason for one audience ({@code view} only counts for the family). */
  public String render(Reason reason, Audience audience, FamilyView view) {
    Map<String, Object> model = new HashMap<>();
    model.put("key", reason.key().code());
    model.put("rule", reason.ruleId());
    model.put("effect", reason.effect().name());
    model.put("p", reason.params());
    model.put("child", view.childFirstName());
    model.put("youth", view.viewerIsYouth());
    model.put("w", new ReasonWords(audience, view, catalogue));
    return oneLine(templates.render("reasons/" + audience.template, model));
  }

  /**
   * The texts of the reasons with one of {@code effects} (all when none given), in order, each
   * once, joined by a space — e.g. a request's status for the family.
   */
  public String join(
      List<Reason> reasons, Audience audience, FamilyView view, Reason.Effect... effects) {
    Set<Reason.Effect> wanted =
        effects.length == 0 ? Set.of(Reason.Effect.values()) : Set.of(effects);
    Set<String> texts = new LinkedHashSet<>();
    for (Reason r : reasons) {
      if (wanted.contains(r.effect())) {
        texts.add(render(r, audience, view));
      }
    }
    return String.join(" ", texts);
  }

  /** What the requester can do instead (P6), in Dutch for the professional. */
  public String suggestion(Suggestion suggestion) {
    Map<String, Object> model = new HashMap<>();
    model.put("key", suggestion.key().code());
    model.put("p", suggestion.params());
    model.put("w", new ReasonWords(Audience.PROFESSIONAL, FamilyView.general(""), catalogue));
    return oneLine(templates.render("reasons/suggestion", model));
  }

  /** Every suggestion's text, in order. */
  public List<String> suggestions(List<Suggestion> suggestions) {
    return suggestions.stream().map(this::suggestion).collect(Collectors.toList());
  }

  /** The audit detail of a decision: outcome, then per reason "rule EFFECT: text" (English). */
  public String auditDetail(String outcome, List<Reason> reasons) {
    StringBuilder s = new StringBuilder(outcome);
    for (Reason r : reasons) {
      s.append(" | ")
          .append(r.ruleId())
          .append(' ')
          .append(r.effect())
          .append(": ")
          .append(auditor(r));
    }
    return s.toString();
  }

  static String oneLine(String text) {
    return Arrays.stream(text.split("\\s+"))
        .filter(w -> !w.isEmpty())
        .collect(Collectors.joining(" "))
        .replace(" .", ".")
        .replace(" ,", ",");
  }
}
