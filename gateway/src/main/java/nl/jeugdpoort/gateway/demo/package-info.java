/**
 * The demo world: synthetic organisations, children and accounts generated deterministically from a
 * seed, and the demo organisations' own FHIR R4 source endpoints served by this same Payara Micro
 * under {@code /demo-sources/{organisation}/fhir}. Nothing here is used when {@code
 * jeugdpoort.demo.enabled} is false. All people are fictional.
 *
 * <p>A plug-in: nothing outside this package depends on it (LayeringTest).
 */
package nl.jeugdpoort.gateway.demo;
