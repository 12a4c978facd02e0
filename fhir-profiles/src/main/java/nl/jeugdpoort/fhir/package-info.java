/**
 * Jeugdpoort's FHIR vocabulary: the canonical URLs of its code systems, naming systems and
 * extensions, in one place for every module that reads or writes FHIR. The conformance resources
 * themselves live in {@code src/main/resources/fhir}.
 */
package nl.jeugdpoort.fhir;
