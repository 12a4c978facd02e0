/**
 * The registry of recordings (rules V1, V2, V5, V6): a holding organisation registers a recording
 * it holds (owner checked with {@code RecordingRules.owners}, V1); the maker and the holder's
 * systems read it, a family only its own (V2); an edited version is registered with its
 * announcement (V6); and when the trajectory ended the sweep asks the holder to erase the original
 * and every recipient of a copy to erase theirs (V5, through {@code erasure.ErasureDuties}).
 *
 * <p>Must not depend on the steps (flow), the routes, the fronts (fhir, portal, admin), health or
 * demo; the erasure package does not know this one.
 */
package nl.jeugdpoort.gateway.recording;
