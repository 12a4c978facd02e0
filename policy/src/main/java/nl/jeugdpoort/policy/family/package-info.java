/**
 * Rules F1–F4 and O1/O3's "who": which family member may see, object and withdraw — checks the
 * gateway calls.
 */
package nl.jeugdpoort.policy.family;
