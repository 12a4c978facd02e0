/** Rule C5: the BSN identifies the youth across organisations, checked with the elfproef. */
package nl.jeugdpoort.policy.identity;
