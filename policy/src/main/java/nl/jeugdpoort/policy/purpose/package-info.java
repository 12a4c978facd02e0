/**
 * Rules P1–P6: a stated purpose, only the categories and fields it needs, entitled roles and bases,
 * labels.
 */
package nl.jeugdpoort.policy.purpose;
