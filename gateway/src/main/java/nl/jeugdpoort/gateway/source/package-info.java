/**
 * The anti-corruption layer towards the sources: where each organisation's FHIR server is and how
 * it is reached, and the translation of what a source answers (its Patients, RelatedPersons and
 * items) into the gateway's and the policy's terms — categories, the youth and the family, what the
 * source did not deliver.
 *
 * <p>Must not depend on the requests, the steps, the routes, the fronts, health or demo.
 */
package nl.jeugdpoort.gateway.source;
