/**
 * The FHIR R4 front at {@code /fhir}: HAPI's RestfulServer with resource providers for the data
 * request ({@code Task}), its release ({@code Bundle}), the family notices ({@code Communication})
 * and the audit log ({@code AuditEvent}); the CapabilityStatement at {@code /fhir/metadata}.
 * Providers translate between FHIR and the gateway's records and never decide anything themselves.
 *
 * <p>A front: must not depend on the other fronts (portal, admin) or on demo (LayeringTest).
 */
package nl.jeugdpoort.gateway.fhir;
