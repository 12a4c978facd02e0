/**
 * The Jeugdpoort gateway, a Payara Micro application. A request's journey: {@code fhir} (front) →
 * {@code route} (Camel) → {@code flow} steps (policy decision → notice → connector fetch → minimise
 * → label → release) → {@code audit}. {@code persistence} keeps every record, {@code security} says
 * who is asking, {@code demo} provides synthetic source organisations, {@code health} reports
 * readiness.
 */
package nl.jeugdpoort.gateway;
