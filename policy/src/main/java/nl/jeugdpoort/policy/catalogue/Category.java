package nl.jeugdpoort.policy.catalogue;

import java.util.Objects;

/**
 * A data category: a kind of data a source holds about a youth, mapped to the FHIR resource type that
 * carries it.
 *
 * @param code the category code (data-category CodeSystem)
 * @param display the Dutch name shown to families and professionals
 * @param resourceType the FHIR resource type of its items
 */
public record Category(String code, String display, String resourceType) {
  public Category {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(resourceType, "resourceType");
  }
}
