package nl.jeugdpoort.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import nl.jeugdpoort.policy.catalogue.Category;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.junit.jupiter.api.Test;

/**
 * docs/catalogue.md is the purpose catalogue in words: the category mapping, every purpose's
 * allow-list with why each category is needed (P2), and the resource types that are never released.
 * This test fails when the page and the catalogue differ; {@code -Djeugdpoort.docs.write=true}
 * rewrites the page.
 */
class CatalogueDocsTest {
  static final Path PAGE = Path.of("..", "docs", "catalogue.md");

  /** Resource types real youth-care and health records hold that no category maps, on purpose. */
  static final Set<String> NOT_MAPPED =
      new TreeSet<>(
          Set.of(
              "Practitioner",
              "PractitionerRole",
              "Organization",
              "Location",
              "Claim",
              "ExplanationOfBenefit",
              "Coverage",
              "Provenance",
              "Device",
              "ImagingStudy",
              "Media",
              "Medication",
              "MedicationAdministration",
              "SupplyDelivery",
              "Group",
              "Basic"));

  @Test
  void the_catalogue_page_says_what_the_catalogue_says() throws IOException {
    String expected = page(PurposeCatalogue.load());
    if (Boolean.getBoolean("jeugdpoort.docs.write")) {
      Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as(
            "docs/catalogue.md differs from the purpose catalogue; run this test with -Djeugdpoort.docs.write=true")
        .isEqualTo(expected);
  }

  static String page(PurposeCatalogue catalogue) {
    StringBuilder s = new StringBuilder();
    s.append("# The purpose catalogue\n\n")
        .append(
            "Generated from `policy/src/main/resources/nl/jeugdpoort/policy/catalogue/purpose-catalogue.json` ")
        .append("(version ")
        .append(catalogue.version())
        .append("); `CatalogueDocsTest` keeps this page and the file ")
        .append(
            "equal. The FHIR package publishes the same data as the CodeSystems `purpose` and `data-category` and ")
        .append("the ConceptMap `category-mapping`.\n\n")
        .append("## Categories and how a source's resources are recognised\n\n")
        .append("A resource belongs to a category by, in this order: a `meta.tag` of the system ")
        .append("`")
        .append(Vocabulary.DATA_CATEGORY)
        .append("` naming a category of the resource's type; a mapping ")
        .append(
            "below whose coded element matches; the plain mapping of its resource type. A source need not tag ")
        .append("anything.\n\n")
        .append("| category | Dutch | resource type | only when |\n|---|---|---|---|\n");
    for (Category c : catalogue.categories()) {
      for (Category.Mapping m : c.mappings()) {
        s.append("| `")
            .append(c.code())
            .append("` | ")
            .append(c.display())
            .append(" | `")
            .append(m.resourceType())
            .append("` | ")
            .append(
                m.conditional()
                    ? "`"
                        + m.resourceType()
                        + "."
                        + m.element()
                        + "` has a coding of `"
                        + m.system()
                        + "`"
                        + (m.code() == null ? "" : " with code `" + m.code() + "`")
                    : "–")
            .append(" |\n");
      }
    }
    s.append("\nNever released, because no purpose needs them (they are not mapped): ");
    s.append(String.join(", ", NOT_MAPPED.stream().map(t -> "`" + t + "`").toList()));
    s.append(
            ", and every other type not in the table above. `OperationOutcome` entries and `_include`d resources ")
        .append("of a search are never data.\n\n")
        .append("## Allow-lists per purpose (P2)\n\n")
        .append(
            "Each entry is a FHIRPath expression rooted at the resource type. What it selects is released whole; ")
        .append(
            "everything else is removed, nested elements included (`Patient.identifier.where(system=…)` keeps ")
        .append(
            "only the BSN of all identifiers). Besides these, a released resource keeps its type, its id and, of ")
        .append("its `meta`, the tags and security labels.\n");
    for (Purpose p : catalogue.purposes()) {
      s.append("\n### `")
          .append(p.code())
          .append("` — ")
          .append(p.display())
          .append("\n\n")
          .append(p.definition())
          .append("\n\n")
          .append("| category | elements | why |\n|---|---|---|\n");
      for (String category : p.sortedCategories()) {
        s.append("| `")
            .append(category)
            .append("` | ")
            .append(
                String.join(
                    "<br>", p.fields().get(category).stream().map(f -> "`" + f + "`").toList()))
            .append(" | ")
            .append(p.rationale().getOrDefault(category, ""))
            .append(" |\n");
      }
    }
    return s.toString();
  }

  @Test
  void no_category_maps_a_type_listed_as_never_released() {
    for (Category c : PurposeCatalogue.load().categories()) {
      assertThat(c.resourceTypes()).doesNotContainAnyElementsOf(NOT_MAPPED);
    }
  }
}
