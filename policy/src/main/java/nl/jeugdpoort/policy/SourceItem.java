package nl.jeugdpoort.policy;

import java.util.Objects;

/**
 * One item the source holds for the requested categories, as far as the policy needs to know it.
 *
 * @param id the item's id at the source (e.g. {@code CarePlan/123})
 * @param category its data category
 * @param professionalSecrecy true when the source labelled it as under professional secrecy (rule
 *     S1)
 * @param recording recording metadata when the item is a recording, else null (V rules)
 */
public record SourceItem(
    String id, String category, boolean professionalSecrecy, Recording recording) {
  public SourceItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
  }

  public static SourceItem of(String id, String category, boolean secrecy) {
    return new SourceItem(id, category, secrecy, null);
  }
}
