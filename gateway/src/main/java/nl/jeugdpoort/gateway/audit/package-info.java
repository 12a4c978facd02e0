/**
 * The audit log (rules A1, A2): every request, decision, notice, release, withholding and refusal as an
 * append-only, hash-chained entry, served as FHIR AuditEvent. Depends on persistence only.
 */
package nl.jeugdpoort.gateway.audit;
