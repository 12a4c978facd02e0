/**
 * E-mail alerts to privacy officers (issue #19): an overdue erasure request (E2) and a registered
 * breach (B1) are written to an outbox in the transaction that raises them, password spraying
 * (observed as a security event) in one of its own; for the privacy officers of the organisations
 * concerned and the gateway's own privacy officer; sent once by the e-mail route.
 *
 * <p>Uses persistence, audit, the texts, the notices' mail settings and security's events; must not
 * depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or demo.
 */
package nl.jeugdpoort.gateway.alert;
