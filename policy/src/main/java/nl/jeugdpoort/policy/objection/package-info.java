/**
 * Rules O1–O4: objections block, only a motivated legal duty or compelling interest overrides, the
 * more specific decides.
 */
package nl.jeugdpoort.policy.objection;
