/**
 * The FHIR R4 REST adapter: the JDK's HTTP client with time-outs, a size limit per answer, bounded
 * retries and a circuit breaker (Resilience4j), HAPI's parser behind a streaming Bundle reader,
 * SMART Backend Services and a signed context header towards sources. The source contract it
 * implements is docs/sources.md.
 */
package nl.jeugdpoort.connectors.fhir;
