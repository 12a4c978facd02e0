package nl.jeugdpoort.gateway.audit;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import nl.jeugdpoort.gateway.persistence.Database;

/**
 * The archive step of the audit log (A1 retention, #20.7; docs/audit.md): moves the oldest chained
 * entries — every entry before a given time, from the end of the previous archive on — out of the
 * hot table into an NDJSON file (the export format, verifiable offline), without breaking
 * verification: the last archived entry's seq and hash are kept in {@code audit_archive}, signed as
 * a checkpoint, and the verification of the hot table starts from there. The file is written and
 * forced to disk before the rows are deleted, and the rows are deleted in the transaction that
 * records the archive.
 */
public final class AuditArchive {
  private final Database database;
  private final FhirContext fhir;
  private final AuditCheckpoints checkpoints;
  private final Clock clock;
  private final Path directory;

  public AuditArchive(
      Database database,
      FhirContext fhir,
      AuditCheckpoints checkpoints,
      Clock clock,
      Path directory) {
    this.database = database;
    this.fhir = fhir;
    this.checkpoints = checkpoints;
    this.clock = clock;
    this.directory = directory;
  }

  /**
   * One archive.
   *
   * @param fromSeq the first seq in the file
   * @param toSeq the last seq in the file (the new boundary)
   * @param lastHash the hash of the entry at {@code toSeq}
   * @param entries how many entries the file holds
   * @param file the NDJSON file
   * @param fileSha256 SHA-256 (hex) of the file
   * @param checkpointJws the signed checkpoint of ({@code toSeq}, {@code lastHash})
   */
  public record Archived(
      long fromSeq,
      long toSeq,
      String lastHash,
      long entries,
      Path file,
      String fileSha256,
      String checkpointJws) {}

  /**
   * The end of the newest archive: its last seq and hash, or (0, 64 zeros) when nothing was
   * archived.
   */
  public static Boundary boundary(Database database) {
    Object[] row =
        database.read(
            em -> {
              var rows =
                  em.createNativeQuery(
                          "select to_seq, last_hash from audit_archive order by to_seq desc")
                      .setMaxResults(1)
                      .getResultList();
              return rows.isEmpty() ? null : (Object[]) rows.get(0);
            });
    return row == null
        ? new Boundary(0, AuditLog.GENESIS)
        : new Boundary(((Number) row[0]).longValue(), (String) row[1]);
  }

  /** Where the hot table's chain starts: after {@code seq}, whose hash is {@code hash}. */
  public record Boundary(long seq, String hash) {}

  /**
   * Archives the chained entries recorded before {@code before} that follow the previous archive
   * (as far as they are contiguous); nothing when there are none. The entries must verify first.
   *
   * @throws IllegalStateException when the entries to archive do not verify (nothing is moved)
   */
  public Optional<Archived> archiveBefore(Instant before) {
    Boundary from = boundary(database);
    long head =
        database.read(
            em ->
                ((Number)
                        em.createNativeQuery("select seq from audit_chain_head where id = 1")
                            .getSingleResult())
                    .longValue());
    Number firstKept =
        database.read(
            em ->
                (Number)
                    em.createNativeQuery(
                            "select min(seq) from audit_entry where seq > ?1 and recorded_at >= ?2")
                        .setParameter(1, from.seq())
                        .setParameter(2, Timestamp.from(before))
                        .getSingleResult());
    long to = firstKept == null ? head : Math.min(head, firstKept.longValue() - 1);
    if (to <= from.seq()) {
      return Optional.empty();
    }
    AuditVerification.Result check = AuditVerification.verifyRange(database, from, to);
    if (!check.intact() || check.lastSeq() != to) {
      throw new IllegalStateException(
          "audit entries "
              + (from.seq() + 1)
              + ".."
              + to
              + " do not verify, nothing archived: "
              + check.problem());
    }
    String lastHash = check.headHash();
    Path file = directory.resolve(String.format("audit-%012d-%012d.ndjson", from.seq() + 1, to));
    long written;
    try {
      Files.createDirectories(directory);
      Path partial = directory.resolve(file.getFileName() + ".partial");
      try (FileChannel channel =
          FileChannel.open(
              partial,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        Writer w =
            new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
        written = AuditExport.write(database, fhir, from.seq() + 1, to, w);
        w.flush();
        channel.force(true);
      }
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit archive " + file, e);
    }
    if (written != to - from.seq()) {
      throw new IllegalStateException(
          "audit archive "
              + file
              + " holds "
              + written
              + " entries, expected "
              + (to - from.seq()));
    }
    String sha = sha256(file);
    AuditCheckpoints.Checkpoint checkpoint = checkpoints.signAt(to, lastHash, "archive");
    Instant now = clock.instant();
    database.write(
        em -> {
          em.createNativeQuery(
                  "insert into audit_archive (id, from_seq, to_seq, last_hash, entries, file_name, file_sha256,"
                      + " archived_at, checkpoint_jws) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
              .setParameter(1, UUID.randomUUID().toString())
              .setParameter(2, from.seq() + 1)
              .setParameter(3, to)
              .setParameter(4, lastHash)
              .setParameter(5, written)
              .setParameter(6, file.getFileName().toString())
              .setParameter(7, sha)
              .setParameter(8, Timestamp.from(now))
              .setParameter(9, checkpoint.jws())
              .executeUpdate();
          return em.createNativeQuery("delete from audit_entry where seq > ?1 and seq <= ?2")
              .setParameter(1, from.seq())
              .setParameter(2, to)
              .executeUpdate();
        });
    return Optional.of(
        new Archived(from.seq() + 1, to, lastHash, written, file, sha, checkpoint.jws()));
  }

  private static String sha256(Path file) {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
