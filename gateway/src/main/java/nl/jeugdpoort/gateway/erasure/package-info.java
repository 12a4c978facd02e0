/**
 * A release's life after it went out (rules E1, E2, V5): the retention sweep that deletes a
 * release's bundle at its retention end, the erasure requests to every recipient when a consent is
 * withdrawn (C3), a retention period ends or a recording's trajectory ends, their confirmation
 * (through FHIR or the portal), the overdue alerts for the privacy officers, and the notice to the
 * family once every recipient confirmed.
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), the
 * family's commands (family calls in here), health or demo.
 */
package nl.jeugdpoort.gateway.erasure;
