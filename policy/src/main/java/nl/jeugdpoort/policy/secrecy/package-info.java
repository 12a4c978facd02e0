/**
 * Rule S1: items under professional secrecy go only with consent or a motivated legal duty /
 * compelling interest.
 */
package nl.jeugdpoort.policy.secrecy;
