/** The FHIR R4 REST adapter: HAPI's generic client with timeouts, bounded retries and a circuit breaker. */
package nl.jeugdpoort.connectors.fhir;
