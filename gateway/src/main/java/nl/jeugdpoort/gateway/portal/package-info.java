/**
 * The web pages for people: families (timeline, inbox, consent and objection, copies),
 * professionals (request form, status, release) and privacy officers (review), rendered with
 * Thymeleaf.
 *
 * <p>A front: must not depend on the admin API or demo; its remaining uses of the FHIR front (the
 * request access check, the Task input bounds, the FHIR form of a consent record) are listed in
 * LayeringTest.
 */
package nl.jeugdpoort.gateway.portal;
