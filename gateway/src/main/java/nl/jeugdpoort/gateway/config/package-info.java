/**
 * Wiring: MicroProfile Config values and CDI producers for the gateway's long-lived parts.
 *
 * <p>Must not depend on demo (LayeringTest).
 */
package nl.jeugdpoort.gateway.config;
