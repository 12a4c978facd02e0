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
 * The only place where SyntheaSourceIT reads the purpose catalogue (the policy module's {@link
 * PurposeCatalogue} on the classpath). When the catalogue's format changes (element paths per
 * resource type, a category → resource-type mapping), only this class is adapted.
 *
 * <p>A category maps to resource types, some narrowed by a coded element (the ConceptMap {@code
 * category-mapping}); a purpose lists FHIRPath element paths rooted at the resource type.
 */
public final class CatalogueView {
  /** A purpose as the IT needs it. */
  public record PurposeView(
      String code,
      Set<String> roles,
      Set<String> bases,
      List<String> categories,
      boolean internalOnly,
      Duration objectionWindow) {}

  private final PurposeCatalogue catalogue = PurposeCatalogue.load();

  public List<PurposeView> purposes() {
    return catalogue.purposes().stream()
        .map(
            p ->
                new PurposeView(
                    p.code(),
                    p.roles(),
                    p.bases(),
                    p.sortedCategories(),
                    p.internalOnly(),
                    p.objectionWindow()))
        .toList();
  }

  /** Every category code with the resource types it maps to. */
  public Map<String, Set<String>> categoryMapping() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Category c : catalogue.categories()) {
      out.put(c.code(), c.resourceTypes());
    }
    return out;
  }

  public Set<String> resourceTypes(String category) {
    return categoryMapping().getOrDefault(category, Set.of());
  }

  /**
   * Whether an untagged resource of the source belongs to a category, read from the catalogue's
   * mapping as the ConceptMap documents it: a mapping whose coded element holds a coding of its
   * system (and code) wins over the plain mapping of the resource type.
   */
  public boolean belongs(String category, org.hl7.fhir.r4.model.Resource resource) {
    String type = resource.fhirType();
    String matched = null;
    String plain = null;
    for (Category c : catalogue.categories()) {
      for (Category.Mapping m : c.mappings()) {
        if (!m.resourceType().equals(type)) {
          continue;
        }
        if (m.conditional()) {
          boolean hit =
              TERSER
                  .getValues(
                      resource,
                      type + "." + m.element() + ".coding",
                      org.hl7.fhir.r4.model.Coding.class)
                  .stream()
                  .anyMatch(
                      x ->
                          m.system().equals(x.getSystem())
                              && (m.code() == null || m.code().equals(x.getCode())));
          if (hit && matched == null) {
            matched = c.code();
          }
        } else if (plain == null) {
          plain = c.code();
        }
      }
    }
    return category.equals(matched != null ? matched : plain);
  }

  private static final ca.uhn.fhir.util.FhirTerser TERSER =
      ca.uhn.fhir.context.FhirContext.forR4Cached().newTerser();

  /** The element paths a purpose allows for a category, each starting with its resource type. */
  public Set<String> allowList(String purpose, String category) {
    Purpose p =
        catalogue
            .purpose(purpose)
            .orElseThrow(() -> new IllegalArgumentException("no purpose " + purpose));
    Set<String> fields = p.fields().getOrDefault(category, Set.of());
    return new LinkedHashSet<>(fields);
  }
}
