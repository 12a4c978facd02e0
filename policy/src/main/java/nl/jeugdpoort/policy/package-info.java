/**
 * The decision core of Jeugdpoort: one pure function, {@link
 * nl.jeugdpoort.policy.PolicyEngine#decide}, from a {@link nl.jeugdpoort.policy.DataRequest} and
 * the {@link nl.jeugdpoort.policy.Facts} to a {@link nl.jeugdpoort.policy.Decision} that carries
 * its reasons, each with a rule id of RULES.md. Reasons are data — {@link
 * nl.jeugdpoort.policy.ReasonKey} and parameters, never sentences; the gateway words them for each
 * audience ({@code docs/reasons.md}).
 *
 * <p>Rule groups live in sub-packages named after them ({@code purpose} = P, {@code objection} = O,
 * {@code secrecy} = S, {@code consent} = C, {@code notice} = N, {@code recording} = V, {@code
 * retention} = E, {@code identity} = C5). This package and its sub-packages must not depend on
 * Camel, HAPI FHIR servers, Jakarta Persistence, Shiro or any I/O other than reading the purpose
 * catalogue from the classpath. Time comes in as a {@link java.time.Clock} on the facts; there is
 * no {@code now()}, no randomness, no logging, no static mutable state.
 */
package nl.jeugdpoort.policy;
