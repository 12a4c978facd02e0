package nl.jeugdpoort.gateway.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import nl.jeugdpoort.gateway.persistence.AuditEntryEntity;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * The export of the audit log (docs/audit.md): chained entries of a seq range, in seq order, as
 * NDJSON — one FHIR AuditEvent per line, each with its chain fields and the exact bytes that were
 * hashed, so that {@code nl.jeugdpoort.fhir.audit.AuditVerifier} can check it without the gateway.
 * Reads in pages.
 */
public final class AuditExport {
  private static final int PAGE = 1_000;

  private AuditExport() {}

  /** Writes the entries with {@code from <= seq <= to}; returns how many. */
  public static long write(Database database, FhirContext fhir, long from, long to, Writer out)
      throws IOException {
    IParser parser = fhir.newJsonParser().setPrettyPrint(false);
    long after = from - 1;
    long written = 0;
    while (after < to) {
      long a = after;
      List<AuditEntryEntity> page =
          database.read(
              em ->
                  em.createQuery(
                          "select e from AuditEntryEntity e where e.seq > :after and e.seq <= :to order by e.seq",
                          AuditEntryEntity.class)
                      .setParameter("after", a)
                      .setParameter("to", to)
                      .setMaxResults(PAGE)
                      .getResultList());
      if (page.isEmpty()) {
        break;
      }
      for (AuditEntryEntity e : page) {
        out.write(parser.encodeResourceToString(AuditEvents.toAuditEvent(e, true)));
        out.write('\n');
        after = e.seq();
        written++;
      }
    }
    out.flush();
    return written;
  }
}
