/**
 * Rules E1–E2: releases are kept only for the purpose's retention period; erasure is told to every
 * recipient.
 */
package nl.jeugdpoort.policy.retention;
