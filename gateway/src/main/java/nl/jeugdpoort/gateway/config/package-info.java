/** Wiring: MicroProfile Config values and CDI producers for the gateway's long-lived parts. */
package nl.jeugdpoort.gateway.config;
