/**
 * Rules N1–N3: the family is told before any release; afterwards only with a motivation; objection
 * windows.
 */
package nl.jeugdpoort.policy.notice;
