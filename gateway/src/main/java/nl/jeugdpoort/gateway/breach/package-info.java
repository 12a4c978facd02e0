/**
 * Breaches (rule B1; AVG art. 33, 34): a privacy officer registers a suspected breach; the audit
 * log yields the releases in its scope, with their families and organisations; the privacy officers
 * concerned are alerted at once; the 72-hour deadline for the authority is tracked; the risk
 * assessment is recorded, and where the risk is high the affected families are informed in the
 * portal and by e-mail.
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or
 * demo.
 */
package nl.jeugdpoort.gateway.breach;
