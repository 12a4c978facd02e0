/**
 * What a family decides: consents and objections and their withdrawal (C1–C4, O1–O4), the youth's
 * choice whether the parents see the disclosures (F3) — one command API that the FHIR front and the
 * portal both call.
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or
 * demo.
 */
package nl.jeugdpoort.gateway.family;
