/**
 * The audit log (rules A1, A2): every request, decision, notice, release, withholding and refusal
 * as an append-only, hash-chained entry, served as FHIR AuditEvent; the chainer, verification,
 * export, signed checkpoints and the archive step (docs/audit.md). Depends on persistence and the
 * FHIR package's canonical form (nl.jeugdpoort.fhir.audit) only.
 *
 * <p>Must not depend on security, flow, Camel, Shiro or the fronts (LayeringTest).
 */
package nl.jeugdpoort.gateway.audit;
