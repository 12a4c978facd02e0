package nl.jeugdpoort.fhir.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The offline verifier of a Jeugdpoort audit export (docs/audit.md): anyone holding an export
 * (NDJSON of FHIR AuditEvents with the {@value AuditChain#EXTENSION} extension) checks it without
 * the gateway.
 *
 * <pre>
 * java -jar fhir-profiles/target/jeugdpoort-audit-verifier.jar EXPORT.ndjson [--checkpoint FILE --jwks FILE]
 * </pre>
 *
 * <p>For each line in order it checks that the SHA-256 of the exported canonical bytes is the
 * stated hash; that the bytes state the same seq and prev hash as the extension; that seq follows
 * the line before without a gap and prev hash is that line's hash (seq 1 chains to 64 zeros); and,
 * for form-2 and form-3 entries, that the AuditEvent's id, recorded time, action, subtype and
 * outcome description (and, form 3, its trace and span id) are those in the hashed bytes. With a
 * checkpoint (a compact JWS from the gateway) and a JWK Set it also checks the signature and that
 * the entry at the checkpoint's seq has the checkpoint's hash. Exit code 0: all good; 1: the first
 * bad entry is printed; 2: the command was used wrongly or a file is unreadable.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * What the verifier found.
   *
   * @param intact true when every line and the checkpoint (if given) check out
   * @param entries lines checked
   * @param firstSeq seq of the first line (0 when empty)
   * @param lastSeq seq of the last good line (0 when none)
   * @param headHash hash of the last good line
   * @param badLine the line number (1-based) of the first bad entry, 0 when intact
   * @param badSeq its seq (-1 when unknown or intact)
   * @param badId its AuditEvent id (null when unknown or intact)
   * @param problem what is wrong, or null
   * @param checkpoint what the checkpoint check said, or null without a checkpoint
   */
  public record Report(
      boolean intact,
      long entries,
      long firstSeq,
      long lastSeq,
      String headHash,
      long badLine,
      long badSeq,
      String badId,
      String problem,
      String checkpoint) {
    /** One line for people. */
    public String summary() {
      String cp = checkpoint == null ? "" : "; " + checkpoint;
      if (intact) {
        return "OK: "
            + entries
            + " entries, seq "
            + firstSeq
            + ".."
            + lastSeq
            + ", head hash "
            + headHash
            + cp;
      }
      return "BROKEN at line "
          + badLine
          + (badSeq >= 0 ? ", seq " + badSeq : "")
          + (badId != null ? ", entry " + badId : "")
          + ": "
          + problem
          + cp;
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command; returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path export = null;
    Path checkpoint = null;
    Path jwks = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--checkpoint" -> checkpoint = i + 1 < args.length ? Path.of(args[++i]) : null;
        case "--jwks" -> jwks = i + 1 < args.length ? Path.of(args[++i]) : null;
        default -> export = export == null && !args[i].startsWith("--") ? Path.of(args[i]) : null;
      }
    }
    if (export == null || (checkpoint == null) != (jwks == null)) {
      err.println(
          "usage: java -jar fhir-profiles/target/jeugdpoort-audit-verifier.jar EXPORT.ndjson [--checkpoint FILE --jwks FILE]");
      err.println(
          "       EXPORT.ndjson: from GET /api/admin/audit/export; '-' reads standard input.");
      return 2;
    }
    try (InputStream in =
        "-".equals(export.toString()) ? System.in : Files.newInputStream(export)) {
      String jws =
          checkpoint == null ? null : Files.readString(checkpoint, StandardCharsets.UTF_8).trim();
      JWKSet keys =
          jwks == null ? null : JWKSet.parse(Files.readString(jwks, StandardCharsets.UTF_8));
      Report report = verify(in, jws, keys);
      out.println(report.summary());
      return report.intact() ? 0 : 1;
    } catch (IOException | ParseException e) {
      err.println("cannot read the input: " + e.getMessage());
      return 2;
    }
  }

  /**
   * Verifies an export read as UTF-8 bytes (the fast way: lines are cut and parsed as bytes, never
   * decoded to text as a whole); {@code checkpointJws} and {@code keys} may both be null.
   */
  public static Report verify(InputStream ndjson, String checkpointJws, JWKSet keys)
      throws IOException {
    return verify(new ByteLines(ndjson), checkpointJws, keys);
  }

  /** Verifies an export read as text; {@code checkpointJws} and {@code keys} may both be null. */
  public static Report verify(BufferedReader ndjson, String checkpointJws, JWKSet keys)
      throws IOException {
    return verify(new TextLines(ndjson), checkpointJws, keys);
  }

  private static Report verify(Lines ndjson, String checkpointJws, JWKSet keys) throws IOException {
    Checkpoint cp = null;
    String cpNote = null;
    if (checkpointJws != null) {
      try {
        cp = checkpoint(checkpointJws, keys);
      } catch (IllegalArgumentException e) {
        return new Report(
            false, 0, 0, 0, AuditChain.GENESIS, 0, -1, null, "checkpoint: " + e.getMessage(), null);
      }
    }
    long entries = 0;
    long firstSeq = 0;
    long seq = -1;
    String prev = null;
    // Lines are read in chunks; each entry's own checks (JSON, hash, link, readable fields) run on
    // all cores, then the chain's order is checked entry after entry, in the file's order.
    // The next chunk is read (and cut into lines) on a thread of its own while one is checked.
    ExecutorService ahead =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "audit-verifier-reader");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<Chunk> next = ahead.submit(ndjson::next);
      Chunk read;
      while ((read = chunk(next)) != null) {
        next = ahead.submit(ndjson::next);
        Chunk lines = read;
        List<Checked> checked =
            IntStream.range(0, lines.count)
                .parallel()
                .mapToObj(i -> checked(lines.data, lines.from[i], lines.to[i]))
                .toList();
        for (int i = 0; i < checked.size(); i++) {
          Checked c = checked.get(i);
          if (c.unreadable() != null) {
            return bad(
                entries, firstSeq, seq, prev, lines.number[i], -1, null, c.unreadable(), cpNote);
          }
          Entry e = c.entry();
          String problem = c.own() != null ? c.own() : order(e, seq, prev);
          if (problem == null) {
            problem = c.shown();
          }
          if (problem != null) {
            return bad(entries, firstSeq, seq, prev, lines.number[i], e.seq, e.id, problem, cpNote);
          }
          if (entries == 0) {
            firstSeq = e.seq;
          }
          if (cp != null && cp.seq == e.seq) {
            if (!cp.hash.equals(e.hash)) {
              return bad(
                  entries,
                  firstSeq,
                  seq,
                  prev,
                  lines.number[i],
                  e.seq,
                  e.id,
                  "the signed checkpoint says hash "
                      + cp.hash
                      + " at seq "
                      + cp.seq
                      + ", the export has "
                      + e.hash
                      + " (the log was rewritten)",
                  cpNote);
            }
            cpNote =
                "checkpoint of "
                    + cp.signedAt
                    + " (key "
                    + cp.keyId
                    + ") at seq "
                    + cp.seq
                    + " matches";
          }
          entries++;
          seq = e.seq;
          prev = e.hash;
        }
      }
    } finally {
      // Not interrupted (that would close a file channel under the caller): the reader finishes
      // the block it is reading, at most 8 MiB, before verify returns.
      ahead.shutdown();
      try {
        ahead.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (cp != null && cpNote == null) {
      cpNote =
          cp.seq == 0 && entries == 0
              ? "checkpoint of an empty chain"
              : "checkpoint at seq "
                  + cp.seq
                  + " is signed correctly but not within this export (seq "
                  + firstSeq
                  + ".."
                  + Math.max(seq, 0)
                  + ")";
    }
    return new Report(
        true,
        entries,
        firstSeq,
        Math.max(seq, 0),
        prev == null ? AuditChain.GENESIS : prev,
        0,
        -1,
        null,
        null,
        cpNote);
  }

  private static Report bad(
      long entries,
      long firstSeq,
      long seq,
      String prev,
      long line,
      long badSeq,
      String id,
      String problem,
      String cpNote) {
    return new Report(
        false,
        entries,
        firstSeq,
        Math.max(seq, 0),
        prev == null ? AuditChain.GENESIS : prev,
        line,
        badSeq,
        id,
        problem,
        cpNote);
  }

  private record Entry(
      String id,
      long seq,
      String prevHash,
      String hash,
      int form,
      byte[] canonical,
      ExportedAuditEvent event) {}

  private static Entry entry(byte[] bytes, int from, int to) {
    ExportedAuditEvent event;
    try {
      event = ExportedAuditEvent.read(bytes, from, to);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (!"AuditEvent".equals(event.resourceType())) {
      throw new IllegalArgumentException("not a FHIR AuditEvent");
    }
    ExportedAuditEvent.Chain chain = event.chain();
    String id = event.id();
    if (chain == null) {
      throw new IllegalArgumentException("AuditEvent " + id + " has no chain extension");
    }
    String seq = chain.seq();
    String prevHash = chain.prevHash();
    String hash = chain.hash();
    String form = chain.form();
    String canonical = chain.canonical();
    if (seq == null || prevHash == null || hash == null || form == null || canonical == null) {
      throw new IllegalArgumentException(
          "AuditEvent "
              + id
              + ": the chain extension lacks seq, prevHash, hash, form or canonical");
    }
    try {
      return new Entry(
          id,
          Long.parseLong(seq),
          prevHash,
          hash,
          Integer.parseInt(form),
          Base64.getDecoder().decode(canonical),
          event);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "AuditEvent " + id + ": unreadable chain extension (" + e.getMessage() + ")");
    }
  }

  /** Lines verified together (their own checks on all cores). */
  private static final int CHUNK = 2_000;

  /**
   * One line's own checks, which need no other entry: unreadable (then nothing else), or the entry
   * with what is wrong with its hash or link ({@code own}) and with what it shows ({@code shown}).
   */
  private record Checked(Entry entry, String unreadable, String own, String shown) {}

  private static Checked checked(byte[] bytes, int from, int to) {
    Entry e;
    try {
      e = entry(bytes, from, to);
    } catch (IllegalArgumentException ex) {
      return new Checked(null, ex.getMessage(), null, null);
    }
    String recomputed = AuditChain.hash(e.canonical);
    if (!recomputed.equals(e.hash)) {
      return new Checked(
          e,
          null,
          "its hashed bytes do not match its hash (stated "
              + e.hash
              + ", recomputed "
              + recomputed
              + ")",
          null);
    }
    // Forms 2 and 3: the hashed bytes are read once, for the link and for what the event shows.
    boolean json = e.form == AuditChain.FORM_JSON || e.form == AuditChain.FORM_TRACE;
    HashedFields fields = null;
    AuditChain.Link link;
    try {
      if (json) {
        fields = HashedFields.read(e.canonical);
        link = fields.link();
      } else {
        link = AuditChain.link(e.form, e.canonical);
      }
    } catch (IllegalArgumentException ex) {
      return new Checked(e, null, ex.getMessage(), null);
    }
    if (link.seq() != e.seq || !link.prevHash().equals(e.prevHash)) {
      return new Checked(
          e,
          null,
          "its chain fields (seq "
              + e.seq
              + ", prev "
              + e.prevHash
              + ") are not those in its hashed bytes",
          null);
    }
    return new Checked(e, null, null, json ? mismatch(e, fields) : null);
  }

  /**
   * What is wrong with {@code e}'s place after the entry at {@code seq} with hash {@code prev}, or
   * null.
   */
  private static String order(Entry e, long seq, String prev) {
    if (seq >= 0 && e.seq != seq + 1) {
      return "seq "
          + e.seq
          + " follows seq "
          + seq
          + ": "
          + (e.seq <= seq ? "out of order" : "entries missing");
    }
    if (prev != null && !prev.equals(e.prevHash)) {
      return "its prev hash is not the hash of the entry before (" + prev + ")";
    }
    if (prev == null && e.seq == 1 && !AuditChain.GENESIS.equals(e.prevHash)) {
      return "the first entry does not chain to 64 zeros";
    }
    return null;
  }

  /**
   * Forms 2 and 3: the readable AuditEvent must say what the hashed bytes say; for form 3 also its
   * trace context (the entity {@code trace-context}).
   */
  private static String mismatch(Entry e, HashedFields f) {
    ExportedAuditEvent ev = e.event;
    if (e.form == AuditChain.FORM_TRACE) {
      String trace = traceMismatch(f, ev);
      if (trace != null) {
        return trace;
      }
    }
    Map<String, String[]> pairs =
        Map.of(
            "id", new String[] {f.id, e.id},
            "action", new String[] {f.action, ev.action()},
            "eventType", new String[] {f.eventType, ev.subtype()},
            "detail", new String[] {f.detail, ev.outcomeDesc()});
    for (Map.Entry<String, String[]> p : pairs.entrySet()) {
      // FHIR has no empty strings: an empty value in the hashed bytes is shown as an absent
      // element.
      String hashed = p.getValue()[0] == null || p.getValue()[0].isEmpty() ? null : p.getValue()[0];
      String shown = p.getValue()[1];
      if (hashed == null ? shown != null : !hashed.equals(shown)) {
        return "the AuditEvent shows "
            + p.getKey()
            + " '"
            + shown
            + "' but the hashed entry has '"
            + hashed
            + "'";
      }
    }
    String recorded = ev.recorded();
    if (recorded != null && sameInstantText(f.recordedAt, recorded)) {
      return null;
    }
    try {
      if (recorded == null
          || !Instant.parse(String.valueOf(f.recordedAt))
              .equals(java.time.OffsetDateTime.parse(recorded).toInstant())) {
        return "the AuditEvent shows recorded '"
            + recorded
            + "' but the hashed entry has '"
            + f.recordedAt
            + "'";
      }
    } catch (java.time.format.DateTimeParseException ex) {
      return "unreadable recorded time '" + recorded + "'";
    }
    return null;
  }

  /**
   * Whether {@code shown} states the instant {@code hashed} states without parsing either (the
   * common case, worth it for a million entries): {@code hashed} in the gateway's form {@code
   * uuuu-MM-ddTHH:mm:ss.SSSZ} and {@code shown} the same text, or the same with {@code +00:00} for
   * the {@code Z}. Anything else is parsed.
   */
  static boolean sameInstantText(String hashed, String shown) {
    if (hashed == null || hashed.length() != 24 || hashed.charAt(23) != 'Z') {
      return false;
    }
    for (int i = 0; i < 23; i++) {
      char c = hashed.charAt(i);
      boolean ok =
          switch (i) {
            case 4, 7 -> c == '-';
            case 10 -> c == 'T';
            case 13, 16 -> c == ':';
            case 19 -> c == '.';
            default -> c >= '0' && c <= '9';
          };
      if (!ok) {
        return false;
      }
    }
    // A real date and time of day (an impossible one is left to the parser, which names it).
    int month = number(hashed, 5, 7);
    int day = number(hashed, 8, 10);
    if (month < 1
        || month > 12
        || day < 1
        || day > java.time.YearMonth.of(number(hashed, 0, 4), month).lengthOfMonth()
        || number(hashed, 11, 13) > 23
        || number(hashed, 14, 16) > 59
        || number(hashed, 17, 19) > 59) {
      return false;
    }
    return shown.equals(hashed)
        || (shown.length() == 29
            && shown.startsWith("+00:00", 23)
            && shown.regionMatches(0, hashed, 0, 23));
  }

  private static int number(String digits, int from, int to) {
    return Integer.parseInt(digits, from, to, 10);
  }

  /** The trace and span ids the AuditEvent shows must be those in the hashed bytes (form 3). */
  private static String traceMismatch(HashedFields f, ExportedAuditEvent ev) {
    String shownTrace = ev.shownTrace();
    String shownSpan = ev.shownSpan();
    String[][] pairs = {
      {"traceId", f.traceId(), shownTrace},
      {"spanId", f.spanId(), shownSpan}
    };
    for (String[] p : pairs) {
      if (p[1] == null ? p[2] != null : !p[1].equals(p[2])) {
        return "the AuditEvent shows "
            + p[0]
            + " '"
            + p[2]
            + "' but the hashed entry has '"
            + p[1]
            + "'";
      }
    }
    if (!f.hasTraceContext()) {
      return "form 3 bytes without traceId or spanId";
    }
    return null;
  }

  private record Checkpoint(long seq, String hash, String signedAt, String keyId) {}

  private static Checkpoint checkpoint(String jws, JWKSet keys) {
    try {
      JWSObject object = JWSObject.parse(jws);
      String kid = object.getHeader().getKeyID();
      JWK key = kid == null ? null : keys.getKeyByKeyId(kid);
      if (!(key instanceof ECKey ec)) {
        throw new IllegalArgumentException("no EC key with id " + kid + " in the JWK Set");
      }
      if (!object.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
        throw new IllegalArgumentException("the signature does not verify with key " + kid);
      }
      Map<String, Object> claims = object.getPayload().toJSONObject();
      Object seq = claims.get("seq");
      Object hash = claims.get("hash");
      Object iat = claims.get("iat");
      if (!(seq instanceof Number n) || !(hash instanceof String h)) {
        throw new IllegalArgumentException("no seq or hash in the checkpoint");
      }
      String at = iat instanceof Number t ? Instant.ofEpochSecond(t.longValue()).toString() : "?";
      return new Checkpoint(n.longValue(), h, at, kid);
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("unreadable checkpoint: " + e.getMessage());
    }
  }

  /** Lines of the export: their bytes lie in {@code data} from {@code from[i]} to {@code to[i]}. */
  private static final class Chunk {
    byte[] data;
    int count;
    int[] from = new int[CHUNK];
    int[] to = new int[CHUNK];
    long[] number = new long[CHUNK];

    Chunk(byte[] data) {
      this.data = data;
    }

    void add(int start, int end, long line) {
      if (count == from.length) {
        from = Arrays.copyOf(from, count * 2);
        to = Arrays.copyOf(to, count * 2);
        number = Arrays.copyOf(number, count * 2);
      }
      from[count] = start;
      to[count] = end;
      number[count] = line;
      count++;
    }
  }

  /**
   * The export's non-blank lines, a chunk at a time; each chunk has bytes of its own, so that the
   * next one can be read while one is checked.
   */
  private interface Lines {
    /** The next lines, or null when none are left. */
    Chunk next() throws IOException;
  }

  /**
   * Lines cut from a byte stream at {@code '\n'} (a {@code '\r'} before it dropped), read in blocks
   * of {@value #BLOCK} bytes; a line longer than a block grows the block.
   */
  private static final class ByteLines implements Lines {
    private static final int BLOCK = 8 << 20;
    private final InputStream in;
    private byte[] carry = new byte[0];
    private boolean eof;
    private long line;

    ByteLines(InputStream in) {
      this.in = in;
    }

    @Override
    public Chunk next() throws IOException {
      while (!eof || carry.length > 0) {
        byte[] buf = new byte[Math.max(BLOCK, carry.length + BLOCK / 2)];
        System.arraycopy(carry, 0, buf, 0, carry.length);
        int limit = carry.length;
        int end;
        while (true) {
          while (limit < buf.length && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
              eof = true;
            } else {
              limit += n;
            }
          }
          end = lastNewline(buf, limit);
          if (end >= 0 || eof) {
            break;
          }
          buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than the block
        }
        // At the end of the input the last line counts too, with or without its '\n'.
        int cut = eof ? limit : end + 1;
        carry = Arrays.copyOfRange(buf, cut, limit);
        Chunk chunk = new Chunk(buf);
        int from = 0;
        for (int i = 0; i < cut; i++) {
          if (buf[i] == '\n') {
            add(chunk, buf, from, i);
            from = i + 1;
          }
        }
        if (from < cut) {
          add(chunk, buf, from, cut);
        }
        if (chunk.count > 0) {
          return chunk;
        }
      }
      return null;
    }

    private void add(Chunk chunk, byte[] buf, int from, int to) {
      line++;
      int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
      if (!blank(buf, from, end)) {
        chunk.add(from, end, line);
      }
    }

    private static int lastNewline(byte[] buf, int limit) {
      for (int i = limit - 1; i >= 0; i--) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }

  /** Lines of a text reader, each encoded as UTF-8 into the chunk's bytes. */
  private static final class TextLines implements Lines {
    private final BufferedReader in;
    private long line;

    TextLines(BufferedReader in) {
      this.in = in;
    }

    @Override
    public Chunk next() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Chunk chunk = new Chunk(null);
      String text;
      while (chunk.count < CHUNK && (text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        int from = bytes.size();
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        chunk.add(from, bytes.size(), line);
      }
      if (chunk.count == 0) {
        return null;
      }
      chunk.data = bytes.toByteArray();
      return chunk;
    }
  }

  /** The chunk {@code next} read, or null at the end. */
  private static Chunk chunk(Future<Chunk> next) throws IOException {
    try {
      return next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the export", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Only ASCII white space ({@link Character#isWhitespace} of a byte below 0x80). */
  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0 || !Character.isWhitespace(b[i])) {
        return false;
      }
    }
    return true;
  }
}
