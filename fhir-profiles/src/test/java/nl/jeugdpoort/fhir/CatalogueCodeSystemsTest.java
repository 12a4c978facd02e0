package nl.jeugdpoort.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.Test;

/** One source of truth: the published CodeSystems are exactly what the purpose catalogue says. */
class CatalogueCodeSystemsTest {
  private final FhirContext fhir = FhirContext.forR4Cached();
  private final PurposeCatalogue catalogue = PurposeCatalogue.load();

  @Test
  void published_code_systems_match_the_catalogue() throws Exception {
    for (Map.Entry<String, org.hl7.fhir.r4.model.MetadataResource> e :
        CatalogueCodeSystems.all(catalogue).entrySet()) {
      String expected =
          fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(e.getValue()) + "\n";
      try (InputStream in = getClass().getResourceAsStream("/fhir/" + e.getKey())) {
        assertThat(in).as("fhir/%s is published", e.getKey()).isNotNull();
        String published = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(published)
            .as(
                "fhir/%s differs from the purpose catalogue; regenerate it (see CatalogueCodeSystems)",
                e.getKey())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void every_purpose_and_its_categories_are_in_the_purpose_code_system() {
    CodeSystem cs = CatalogueCodeSystems.purpose(catalogue);
    assertThat(cs.getUrl()).isEqualTo(Vocabulary.PURPOSE);
    assertThat(cs.getConcept())
        .extracting(CodeSystem.ConceptDefinitionComponent::getCode)
        .containsExactlyElementsOf(
            java.util.stream.Stream.concat(
                    catalogue.purposes().stream().map(Purpose::code),
                    catalogue.refusedUses().stream()
                        .map(nl.jeugdpoort.policy.catalogue.RefusedUse::code))
                .toList());
    assertThat(
            cs.getConcept().stream()
                .filter(c -> c.getCode().equals("dispute-evidence"))
                .findFirst()
                .orElseThrow()
                .getPropertyFirstRep()
                .getValue()
                .primitiveValue())
        .as("V4 is expressible and refused")
        .isEqualTo("V4");
    for (Purpose p : catalogue.purposes()) {
      CodeSystem.ConceptDefinitionComponent concept =
          cs.getConcept().stream()
              .filter(c -> c.getCode().equals(p.code()))
              .findFirst()
              .orElseThrow();
      assertThat(
              concept.getProperty().stream()
                  .filter(x -> x.getCode().equals("category"))
                  .map(x -> x.getValue().primitiveValue())
                  .collect(Collectors.toSet()))
          .isEqualTo(p.categories());
    }
  }
}
