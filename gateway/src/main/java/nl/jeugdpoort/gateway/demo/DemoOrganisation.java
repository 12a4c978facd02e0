package nl.jeugdpoort.gateway.demo;

/**
 * A demo organisation.
 *
 * @param id the organisation id
 * @param name its Dutch name
 * @param kind what sort of organisation it is
 * @param fhirBaseUrl its FHIR system: a path on this gateway for demo sources, an unreachable
 *     address for the offline demo source, or null when it holds no data
 */
public record DemoOrganisation(String id, String name, String kind, String fhirBaseUrl) {}
