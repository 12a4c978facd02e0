/**
 * A data request as the gateway keeps it: the intake (checked on its face, stored with its audit entry),
 * the store that moves it from status to status, who may see it, the input bounds both fronts apply, and
 * the requests that wait (N3).
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or demo.
 */
package nl.jeugdpoort.gateway.request;
