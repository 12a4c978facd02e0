package nl.jeugdpoort.connectors;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a source answered. Every kind of answer has its own record so the gateway can give the right
 * reason: only {@link Refused} is a refusal on the source's own professional grounds (P6).
 */
public sealed interface SourceResult {

  /**
   * The youth as the source knows them (exactly one Patient for the BSN), with the people around
   * them.
   */
  record Youth(Patient patient, List<RelatedPerson> relatedPersons) implements SourceResult {
    public Youth {
      relatedPersons = List.copyOf(relatedPersons);
    }
  }

  /** Items per requested resource type (key = resource type). */
  record Items(Map<String, Fetched> byType) implements SourceResult {
    public Items {
      byType = Map.copyOf(byType);
    }
  }

  /**
   * The items of one resource type.
   *
   * @param resources the youth's resources of this type, and only those
   * @param reportedTotal {@code Bundle.total} of the source's first page, or -1 when it did not say
   * @param truncated true when the bound on items (or pages) was hit and the source had more
   * @param supported false when the source does not offer this type (then nothing was asked)
   * @param dropped entries left out: another type, {@code OperationOutcome}, {@code _include}d, not
   *     this patient
   */
  record Fetched(
      List<Resource> resources,
      int reportedTotal,
      boolean truncated,
      boolean supported,
      int dropped) {
    public Fetched {
      resources = List.copyOf(resources);
    }

    /** The source does not offer the type. */
    public static Fetched unsupported() {
      return new Fetched(List.of(), -1, false, false, 0);
    }
  }

  /** The source knows no Patient with this BSN. */
  record UnknownYouth() implements SourceResult {}

  /**
   * The source has more than one Patient for this BSN (or another than at lookup): nothing fetched
   * (C5).
   */
  record AmbiguousYouth(int matches) implements SourceResult {}

  /**
   * The source refused on its own professional grounds (P6), with the explicit signal; the reason
   * is passed on.
   */
  record Refused(String reason) implements SourceResult {}

  /**
   * The source's own access control turned the gateway away (HTTP 401/403, or its token endpoint
   * did).
   */
  record AccessDenied(int httpStatus, String reason) implements SourceResult {}

  /** The source does not offer what is needed (Patient search). */
  record Unsupported(String what) implements SourceResult {}

  /**
   * The source could not be reached in time, was overloaded or failing, or its circuit is open;
   * nothing fetched.
   */
  record Unavailable(String reason) implements SourceResult {}

  /**
   * The source answered something unusable: malformed, wrong resource type, too large, a page loop,
   * another 4xx.
   */
  record BadAnswer(String reason) implements SourceResult {}
}
