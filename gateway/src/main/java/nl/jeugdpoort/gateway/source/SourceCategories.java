package nl.jeugdpoort.gateway.source;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.policy.catalogue.Category;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * The category mapping of the catalogue applied to a source's resources (published as the
 * ConceptMap {@code category-mapping}): a {@code meta.tag} of the data-category system wins where
 * the source sets one for a category of the resource's type; otherwise a mapping whose coded
 * element matches ({@code DocumentReference.type} of the recording-kind system → recordings);
 * otherwise the plain mapping of the resource type (DocumentReference → notes). A resource of a
 * type no category maps is never released. Part of the translation of what sources say into what
 * the gateway knows.
 */
public final class SourceCategories {
  private final PurposeCatalogue catalogue;
  private final IFhirPath fhirPath;

  public SourceCategories(PurposeCatalogue catalogue, FhirContext fhir) {
    this.catalogue = catalogue;
    this.fhirPath = fhir.newFhirPath();
  }

  /** The FHIR resource types to read from a source for these categories, in a stable order. */
  public Set<String> resourceTypes(Collection<String> categories) {
    Set<String> types = new LinkedHashSet<>();
    categories.stream()
        .sorted()
        .forEach(code -> catalogue.category(code).ifPresent(c -> types.addAll(c.resourceTypes())));
    return types;
  }

  /** The categories a resource of this type can belong to. */
  public List<Category> forType(String resourceType) {
    return catalogue.categories().stream()
        .filter(c -> c.resourceTypes().contains(resourceType))
        .toList();
  }

  /** The category of a source's resource, or empty when no category maps it. */
  public Optional<String> categoryOf(Resource resource) {
    String type = resource.fhirType();
    List<Category> candidates = forType(type);
    for (Coding tag : resource.getMeta().getTag()) {
      if (Vocabulary.DATA_CATEGORY.equals(tag.getSystem())
          && candidates.stream().anyMatch(c -> c.code().equals(tag.getCode()))) {
        return Optional.of(tag.getCode());
      }
    }
    for (Category c : candidates) {
      for (Category.Mapping m : c.mappings()) {
        if (m.resourceType().equals(type) && m.conditional() && matches(resource, m)) {
          return Optional.of(c.code());
        }
      }
    }
    for (Category c : candidates) {
      for (Category.Mapping m : c.mappings()) {
        if (m.resourceType().equals(type) && !m.conditional()) {
          return Optional.of(c.code());
        }
      }
    }
    return Optional.empty();
  }

  private boolean matches(Resource resource, Category.Mapping m) {
    return fhirPath.evaluate(resource, m.element() + ".coding", Coding.class).stream()
        .anyMatch(
            c ->
                m.system().equals(c.getSystem())
                    && (m.code() == null || m.code().equals(c.getCode())));
  }
}
