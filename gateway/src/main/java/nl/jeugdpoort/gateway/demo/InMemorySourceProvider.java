package nl.jeugdpoort.gateway.demo;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One resource type of a demo source: read by id, and search by {@code identifier} (Patient),
 * {@code patient} and {@code _tag}. The records are the demo organisation's own data, generated at
 * start.
 */
final class InMemorySourceProvider implements IResourceProvider {
  private final Class<? extends IBaseResource> type;
  private final List<Resource> records;
  private final Consumer<Patient> beforeAnswering;

  InMemorySourceProvider(
      Class<? extends IBaseResource> type,
      List<Resource> records,
      Consumer<Patient> beforeAnswering) {
    this.type = type;
    this.records = List.copyOf(records);
    this.beforeAnswering = beforeAnswering;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return type;
  }

  @Read
  public IBaseResource read(@IdParam IdType id) {
    return records.stream()
        .filter(r -> r.getIdElement().getIdPart().equals(id.getIdPart()))
        .findFirst()
        .map(
            r -> {
              if (r instanceof Patient p) {
                beforeAnswering.accept(p);
              }
              return (IBaseResource) r;
            })
        .orElseThrow(() -> new ResourceNotFoundException(id));
  }

  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "identifier") TokenParam identifier,
      @OptionalParam(name = "patient") ReferenceParam patient,
      @OptionalParam(name = "_tag") TokenParam tag) {
    List<IBaseResource> hits =
        records.stream()
            .filter(r -> identifier == null || hasIdentifier(r, identifier))
            .filter(r -> patient == null || aboutPatient(r, patient.getIdPart()))
            .filter(r -> tag == null || r.getMeta().getTag(tag.getSystem(), tag.getValue()) != null)
            .map(r -> (IBaseResource) r)
            .toList();
    hits.stream()
        .filter(Patient.class::isInstance)
        .map(Patient.class::cast)
        .forEach(beforeAnswering);
    return new SimpleBundleProvider(hits);
  }

  private static boolean hasIdentifier(Resource r, TokenParam token) {
    if (!(r instanceof Patient p)) {
      return false;
    }
    for (Identifier id : p.getIdentifier()) {
      if ((token.getSystem() == null || token.getSystem().equals(id.getSystem()))
          && token.getValue().equals(id.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean aboutPatient(Resource r, String patientId) {
    if (r instanceof Patient p) {
      return p.getIdElement().getIdPart().equals(patientId);
    }
    for (String property : List.of("patient", "subject")) {
      var children = r.getNamedProperty(property);
      if (children != null) {
        for (var value : children.getValues()) {
          if (value instanceof Reference ref
              && ("Patient/" + patientId).equals(ref.getReference())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
