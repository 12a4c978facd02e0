/**
 * A data request as the gateway keeps it: the intake (checked on its face, stored with its audit
 * entry), the store that moves it from status to status (only while the worker holds its claim),
 * who may see it, the input bounds both fronts apply, and the durable work: a request row claimed
 * with a lease ({@link nl.jeugdpoort.gateway.request.RequestWork}, docs/operations.md).
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or
 * demo.
 */
package nl.jeugdpoort.gateway.request;
