/**
 * Persistence: Jakarta Persistence entities, their repositories, and {@link
 * nl.jeugdpoort.gateway.persistence.Database}, which builds the DataSource from MicroProfile Config
 * (H2 or PostgreSQL), migrates the schema with Flyway and runs work in transactions. Nothing here
 * knows about FHIR, Camel or the policy.
 *
 * <p>Must not depend on security, flow, Camel, Shiro or HAPI's server (LayeringTest).
 */
package nl.jeugdpoort.gateway.persistence;
