package nl.jeugdpoort.it.synthea;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdpoort.policy.catalogue.Category;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/**
 * The only place where SyntheaSourceIT reads the purpose catalogue (the policy module's
 * {@link PurposeCatalogue} on the classpath). When the catalogue's format changes (element paths per
 * resource type, a category → resource-type mapping), only this class is adapted.
 *
 * <p>Today a category maps to one resource type and a purpose lists top-level element names per
 * category; this view turns them into element paths that start with the resource type
 * ({@code identifier} of identification → {@code Patient.identifier}).
 */
public final class CatalogueView {
  /** A purpose as the IT needs it. */
  public record PurposeView(String code, Set<String> roles, Set<String> bases, List<String> categories,
      boolean internalOnly, Duration objectionWindow) {}

  private final PurposeCatalogue catalogue = PurposeCatalogue.load();

  public List<PurposeView> purposes() {
    return catalogue.purposes().stream()
        .map(p -> new PurposeView(p.code(), p.roles(), p.bases(), p.sortedCategories(), p.internalOnly(), p.objectionWindow()))
        .toList();
  }

  /** Every category code with the resource types it maps to. */
  public Map<String, Set<String>> categoryMapping() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Category c : catalogue.categories()) {
      out.put(c.code(), Set.of(c.resourceType()));
    }
    return out;
  }

  public Set<String> resourceTypes(String category) {
    return categoryMapping().getOrDefault(category, Set.of());
  }

  /**
   * Whether a resource of the source, untagged, belongs to a category. Today by its type alone; once the
   * mapping also names codes or ValueSets (issue #12 item 4), this is where they are applied.
   */
  public boolean belongs(String category, org.hl7.fhir.r4.model.Resource resource) {
    return resourceTypes(category).contains(resource.fhirType());
  }

  /** The element paths a purpose allows for a category, each starting with its resource type. */
  public Set<String> allowList(String purpose, String category) {
    Purpose p = catalogue.purpose(purpose).orElseThrow(() -> new IllegalArgumentException("no purpose " + purpose));
    Set<String> fields = p.fields().getOrDefault(category, Set.of());
    Set<String> out = new LinkedHashSet<>();
    for (String type : resourceTypes(category)) {
      for (String field : fields) {
        out.add(field.startsWith(type + ".") ? field : type + "." + field);
      }
    }
    return out;
  }
}
