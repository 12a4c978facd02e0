/**
 * Fault injection for the crash tests: named failpoints in the flow, off unless a test-only system
 * property arms one.
 *
 * <p>Depends on nothing of the gateway; everything may call it.
 */
package nl.jeugdpoort.gateway.fault;
