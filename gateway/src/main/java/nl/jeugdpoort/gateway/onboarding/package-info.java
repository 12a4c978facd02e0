/**
 * Onboarding (issue #18): organisations, their people and the first administrator are set up
 * through the administration API and the portal's administrator's pages, without SQL. Validation
 * (kinds and the roles a kind may hold, from the purpose catalogue; identifiers; a source's FHIR
 * base URL, checked for a real R4 CapabilityStatement; source credentials) and auditing live here,
 * so that both fronts apply the same rules.
 *
 * <p>Core, not a front: must not depend on the fronts (fhir, portal, admin), on flow, route or
 * demo.
 */
package nl.jeugdpoort.gateway.onboarding;
