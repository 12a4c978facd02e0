/**
 * Who is asking: Apache Shiro authenticates every {@code /fhir} call (HTTP Basic against accounts
 * with argon2id password hashes for now) and {@link nl.jeugdpoort.gateway.security.CurrentUser}
 * hands the authenticated person, role and organisation to the rest of the gateway — never taken
 * from a request header or body.
 *
 * <p>Must not depend on the fronts or demo (LayeringTest).
 */
package nl.jeugdpoort.gateway.security;
