/**
 * The administration API at {@code /api/admin}: registering and revoking organisations' systems
 * (SMART Backend Services clients) and their keys, for the administrator role.
 *
 * <p>A front: must not depend on the other fronts (fhir, portal) or on demo (LayeringTest).
 */
package nl.jeugdpoort.gateway.admin;
