/**
 * The purpose catalogue (rules P1–P4, E1): purposes, their data categories and field allow-lists,
 * entitled roles, allowed legal bases, notice mode, objection window and retention. It is data,
 * read from {@code purpose-catalogue.json} on the classpath; {@code fhir-profiles} publishes the
 * same file as the purpose CodeSystem. Depends on nothing but Jackson.
 */
package nl.jeugdpoort.policy.catalogue;
