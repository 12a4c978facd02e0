/**
 * Our end of the organisations' systems: one interface, {@link
 * nl.jeugdpoort.connectors.SourceConnector}, through which the gateway reads a youth's data by
 * category, and its adapters, named after their technology ({@link
 * nl.jeugdpoort.connectors.fhir.FhirRestSourceConnector}). This is a translation layer between the
 * gateway's model and each source's API; it must not depend on the gateway, Camel, JPA, Shiro or
 * the policy module.
 */
package nl.jeugdpoort.connectors;
