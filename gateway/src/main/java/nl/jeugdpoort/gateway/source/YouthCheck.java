package nl.jeugdpoort.gateway.source;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The last line of defence against releasing another child's data (C5): a resource is about the
 * youth only when it is the youth's own Patient, or when every {@code subject} and {@code patient}
 * reference it carries points at that Patient (relative {@code Patient/id}, or absolute under the
 * source's base URL) and it carries at least one. Anything else — another patient, a group, a
 * reference to another server, no reference at all — is not about the youth and is withheld.
 */
public final class YouthCheck {
  private YouthCheck() {}

  public static boolean isAbout(Resource resource, String patientId, String sourceBase) {
    if (resource instanceof Patient patient) {
      return patientId.equals(patient.getIdElement().getIdPart());
    }
    List<Reference> references = new ArrayList<>();
    for (String element : List.of("subject", "patient")) {
      if (resource.getNamedProperty(element) != null) {
        for (Base value : resource.getNamedProperty(element).getValues()) {
          if (value instanceof Reference reference) {
            references.add(reference);
          }
        }
      }
    }
    return !references.isEmpty()
        && references.stream().allMatch(r -> pointsAt(r, patientId, sourceBase));
  }

  private static boolean pointsAt(Reference reference, String patientId, String sourceBase) {
    if (!reference.hasReference()) {
      return false;
    }
    IIdType id = reference.getReferenceElement();
    if (!"Patient".equals(id.getResourceType()) || !patientId.equals(id.getIdPart())) {
      return false;
    }
    if (!id.hasBaseUrl()) {
      return true;
    }
    String base = sourceBase == null ? "" : sourceBase.replaceAll("/+$", "");
    return id.getBaseUrl().replaceAll("/+$", "").equals(base);
  }
}
