package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.IdType;

/**
 * Jeugdpoort's published CodeSystems (from {@code fhir-profiles}), readable without login: {@code
 * GET /fhir/CodeSystem} and {@code GET /fhir/CodeSystem/{id}} (purpose, data-category,
 * requester-role, legal-basis).
 */
@Dependent
public class CodeSystemProvider implements IResourceProvider {
  static final List<String> PUBLISHED =
      List.of("purpose", "data-category", "requester-role", "legal-basis");

  @Inject FhirContext fhir;
  private final List<CodeSystem> codeSystems = new ArrayList<>();

  @PostConstruct
  void load() {
    for (String id : PUBLISHED) {
      try (InputStream in =
          CodeSystemProvider.class.getResourceAsStream("/fhir/CodeSystem-" + id + ".json")) {
        codeSystems.add(fhir.newJsonParser().parseResource(CodeSystem.class, in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public Class<CodeSystem> getResourceType() {
    return CodeSystem.class;
  }

  @Read
  public CodeSystem read(@IdParam IdType id) {
    return codeSystems.stream()
        .filter(c -> c.getIdElement().getIdPart().equals(id.getIdPart()))
        .findFirst()
        .orElseThrow(() -> new ResourceNotFoundException(id));
  }

  @Search
  public List<CodeSystem> all() {
    return List.copyOf(codeSystems);
  }
}
