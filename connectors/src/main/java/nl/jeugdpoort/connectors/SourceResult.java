package nl.jeugdpoort.connectors;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/** What a source answered: data, a refusal on its own grounds (P6), or nothing because it is unreachable. */
public sealed interface SourceResult {

  /** The youth as the source knows them, with the people around them. */
  record Youth(Patient patient, List<RelatedPerson> relatedPersons) implements SourceResult {
    public Youth {
      relatedPersons = List.copyOf(relatedPersons);
    }
  }

  /** Items per requested category. */
  record Items(Map<String, List<Resource>> byCategory) implements SourceResult {
    public Items {
      byCategory = Map.copyOf(byCategory);
    }
  }

  /** The source does not know a youth with this BSN. */
  record UnknownYouth() implements SourceResult {}

  /** The source refused on its own professional grounds (P6); the reason is passed on. */
  record Refused(String reason) implements SourceResult {}

  /** The source could not be reached in time; nothing was fetched. */
  record Unavailable(String reason) implements SourceResult {}
}
