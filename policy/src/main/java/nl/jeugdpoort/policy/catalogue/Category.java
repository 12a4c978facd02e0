package nl.jeugdpoort.policy.catalogue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A data category: a kind of data a source holds about a youth, and how a source's resources are
 * recognised as belonging to it (the category mapping, published as the ConceptMap {@code
 * category-mapping}).
 *
 * @param code the category code (data-category CodeSystem)
 * @param display the Dutch name shown to families and professionals
 * @param mappings the resource types (each optionally narrowed by a coded element) that carry its
 *     items
 */
public record Category(String code, String display, List<Mapping> mappings) {
  public Category {
    Objects.requireNonNull(code, "code");
    mappings = List.copyOf(mappings);
    if (mappings.isEmpty()) {
      throw new IllegalArgumentException("category " + code + " maps no resource type");
    }
  }

  /** The FHIR resource types whose items can belong to this category, in catalogue order. */
  public Set<String> resourceTypes() {
    Set<String> types = new LinkedHashSet<>();
    mappings.forEach(m -> types.add(m.resourceType()));
    return types;
  }

  /**
   * One way a resource belongs to the category: its type, and optionally a coded element (a
   * FHIRPath relative to the resource, e.g. {@code type} or {@code category}) that must hold a
   * coding of {@code system} (and {@code code}, when given). A mapping with a condition is more
   * specific than one without, and wins.
   */
  public record Mapping(String resourceType, String element, String system, String code) {
    public Mapping {
      Objects.requireNonNull(resourceType, "resourceType");
      if ((element == null) != (system == null)) {
        throw new IllegalArgumentException(
            "a category mapping names both an element and a system, or neither");
      }
      if (code != null && system == null) {
        throw new IllegalArgumentException("a category mapping with a code needs a system");
      }
    }

    public boolean conditional() {
      return element != null;
    }
  }
}
