package nl.jeugdpoort.gateway.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * What the source delivered for each category of a request: complete, or honest about what is
 * missing. Written once with the release; the requester sees it as {@code Task.output} {@code
 * category-result}, the family in the timeline.
 *
 * @param categories one result per category that was fetched
 */
public record SourceReport(List<CategoryResult> categories) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public SourceReport {
    categories = List.copyOf(categories);
  }

  /**
   * @param category the category code
   * @param released items released (after withholding and minimisation)
   * @param fetched items of this category the gateway read from the source
   * @param reported the total the source reported for the category's resource types (Bundle.total),
   *     or -1
   * @param truncated true when the configured bound per resource type cut the source's answer off
   * @param offered false when the source does not offer any resource type of the category
   * @param notAboutYouth items left out because they were not about the requested youth (C5)
   */
  public record CategoryResult(
      String category,
      int released,
      int fetched,
      int reported,
      boolean truncated,
      boolean offered,
      int notAboutYouth) {

    /** True when the requester did not get everything the source holds in this category. */
    public boolean incomplete() {
      return truncated || !offered || notAboutYouth > 0;
    }

    /** The documented value of Task.output {@code category-result}. */
    public String describe() {
      StringBuilder s =
          new StringBuilder(category)
              .append(": released ")
              .append(released)
              .append(", fetched ")
              .append(fetched)
              .append(", reported by the source ")
              .append(reported < 0 ? "unknown" : reported);
      if (truncated) {
        s.append("; truncated at the configured maximum");
      }
      if (!offered) {
        s.append("; not offered by the source");
      }
      if (notAboutYouth > 0) {
        s.append("; ").append(notAboutYouth).append(" not about this youth, withheld (C5)");
      }
      return s.toString();
    }
  }

  public boolean incomplete() {
    return categories.stream().anyMatch(CategoryResult::incomplete);
  }

  public SourceReport withReleased(Map<String, Integer> released) {
    return new SourceReport(
        categories.stream()
            .map(
                c ->
                    new CategoryResult(
                        c.category(),
                        released.getOrDefault(c.category(), 0),
                        c.fetched(),
                        c.reported(),
                        c.truncated(),
                        c.offered(),
                        c.notAboutYouth()))
            .toList());
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(categories);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored report, or an empty one for requests released before reports existed. */
  public static SourceReport fromJson(String json) {
    if (json == null || json.isBlank()) {
      return new SourceReport(List.of());
    }
    try {
      return new SourceReport(JSON.readValue(json, new TypeReference<List<CategoryResult>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored source report is not JSON", e);
    }
  }
}
