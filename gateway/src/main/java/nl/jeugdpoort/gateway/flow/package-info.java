/**
 * The steps of a data request's journey, each a named class the Camel route calls in order: look up
 * the youth, decide (policy), notify the family (N1), fetch (connector), decide again on the items,
 * minimise and label, release — each step recording its audit entries. Steps are idempotent so that
 * a request can be resumed after a restart.
 *
 * <p>Must not depend on the routes, the fronts (fhir, portal, admin), health or demo
 * (LayeringTest).
 */
package nl.jeugdpoort.gateway.flow;
