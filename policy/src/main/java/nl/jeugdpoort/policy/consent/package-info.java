/**
 * Rules C1–C4: what valid consent is, and who must give it by the youth's age and representation.
 */
package nl.jeugdpoort.policy.consent;
