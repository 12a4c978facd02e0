/**
 * Notices to the family (N1, N2): composing them from the templates, the e-mail outbox and its
 * settings, and the notices sent afterwards once their deadline comes.
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or
 * demo.
 */
package nl.jeugdpoort.gateway.notice;
