/**
 * Rules V1–V8: recordings — ownership, who may see them, integrity, internal-only classroom
 * recordings, erasure.
 */
package nl.jeugdpoort.policy.recording;
