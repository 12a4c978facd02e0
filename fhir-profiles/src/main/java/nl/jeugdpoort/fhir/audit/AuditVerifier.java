package nl.jeugdpoort.fhir.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

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
  private static final ObjectMapper JSON = new ObjectMapper();

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
    try (Reader in =
        "-".equals(export.toString())
            ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
            : Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
      String jws =
          checkpoint == null ? null : Files.readString(checkpoint, StandardCharsets.UTF_8).trim();
      JWKSet keys =
          jwks == null ? null : JWKSet.parse(Files.readString(jwks, StandardCharsets.UTF_8));
      Report report = verify(new BufferedReader(in), jws, keys);
      out.println(report.summary());
      return report.intact() ? 0 : 1;
    } catch (IOException | ParseException e) {
      err.println("cannot read the input: " + e.getMessage());
      return 2;
    }
  }

  /** Verifies an export; {@code checkpointJws} and {@code keys} may both be null. */
  public static Report verify(BufferedReader ndjson, String checkpointJws, JWKSet keys)
      throws IOException {
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
    long line = 0;
    long entries = 0;
    long firstSeq = 0;
    long seq = -1;
    String prev = null;
    // Lines are read in chunks; each entry's own checks (JSON, hash, link, readable fields) run on
    // all cores, then the chain's order is checked entry after entry, in the file's order.
    List<String> texts = new ArrayList<>(CHUNK);
    long[] lines = new long[CHUNK];
    boolean end = false;
    while (!end) {
      texts.clear();
      while (texts.size() < CHUNK) {
        String text = ndjson.readLine();
        if (text == null) {
          end = true;
          break;
        }
        line++;
        if (!text.isBlank()) {
          lines[texts.size()] = line;
          texts.add(text);
        }
      }
      List<Checked> checked = texts.parallelStream().map(AuditVerifier::checked).toList();
      for (int i = 0; i < checked.size(); i++) {
        Checked c = checked.get(i);
        if (c.unreadable() != null) {
          return bad(entries, firstSeq, seq, prev, lines[i], -1, null, c.unreadable(), cpNote);
        }
        Entry e = c.entry();
        String problem = c.own() != null ? c.own() : order(e, seq, prev);
        if (problem == null) {
          problem = c.shown();
        }
        if (problem != null) {
          return bad(entries, firstSeq, seq, prev, lines[i], e.seq, e.id, problem, cpNote);
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
                lines[i],
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
      JsonNode event) {}

  private static Entry entry(String text) {
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (!"AuditEvent".equals(event.path("resourceType").asText())) {
      throw new IllegalArgumentException("not a FHIR AuditEvent");
    }
    JsonNode chain = null;
    for (JsonNode ext : event.path("extension")) {
      if (AuditChain.EXTENSION.equals(ext.path("url").asText())) {
        chain = ext;
      }
    }
    String id = event.path("id").asText(null);
    if (chain == null) {
      throw new IllegalArgumentException("AuditEvent " + id + " has no chain extension");
    }
    String seq = null;
    String prevHash = null;
    String hash = null;
    String form = null;
    String canonical = null;
    for (JsonNode part : chain.path("extension")) {
      String url = part.path("url").asText();
      switch (url) {
        case "seq" -> seq = part.path("valueDecimal").asText(null);
        case "prevHash" -> prevHash = part.path("valueString").asText(null);
        case "hash" -> hash = part.path("valueString").asText(null);
        case "form" -> form = part.path("valueInteger").asText(null);
        case "canonical" -> canonical = part.path("valueBase64Binary").asText(null);
        default -> {}
      }
    }
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

  private static Checked checked(String text) {
    Entry e;
    try {
      e = entry(text);
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
    JsonNode fields = null;
    AuditChain.Link link;
    try {
      if (json) {
        fields = AuditChain.fields(e.canonical);
        link = AuditChain.link(fields);
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
  private static String mismatch(Entry e, JsonNode f) {
    JsonNode ev = e.event;
    if (e.form == AuditChain.FORM_TRACE) {
      String trace = traceMismatch(f, ev);
      if (trace != null) {
        return trace;
      }
    }
    String subtype = null;
    for (JsonNode c : ev.path("subtype")) {
      if (c.path("system").asText().endsWith("/CodeSystem/audit-event-subtype")) {
        subtype = c.path("code").asText(null);
      }
    }
    Map<String, String[]> pairs =
        Map.of(
            "id", new String[] {f.path("id").asText(null), e.id},
            "action", new String[] {f.path("action").asText(null), ev.path("action").asText(null)},
            "eventType", new String[] {f.path("eventType").asText(null), subtype},
            "detail",
                new String[] {
                  f.path("detail").isNull() ? null : f.path("detail").asText(null),
                  ev.path("outcomeDesc").asText(null)
                });
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
    String recorded = ev.path("recorded").asText(null);
    try {
      if (recorded == null
          || !Instant.parse(f.path("recordedAt").asText())
              .equals(java.time.OffsetDateTime.parse(recorded).toInstant())) {
        return "the AuditEvent shows recorded '"
            + recorded
            + "' but the hashed entry has '"
            + f.path("recordedAt").asText()
            + "'";
      }
    } catch (java.time.format.DateTimeParseException ex) {
      return "unreadable recorded time '" + recorded + "'";
    }
    return null;
  }

  /** The trace and span ids the AuditEvent shows must be those in the hashed bytes (form 3). */
  private static String traceMismatch(JsonNode f, JsonNode ev) {
    String shownTrace = null;
    String shownSpan = null;
    for (JsonNode entity : ev.path("entity")) {
      if (!"trace-context".equals(entity.path("name").asText(null))) {
        continue;
      }
      for (JsonNode d : entity.path("detail")) {
        String type = d.path("type").asText(null);
        if ("trace-id".equals(type)) {
          shownTrace = d.path("valueString").asText(null);
        } else if ("span-id".equals(type)) {
          shownSpan = d.path("valueString").asText(null);
        }
      }
    }
    String[][] pairs = {
      {"traceId", f.path("traceId").isTextual() ? f.get("traceId").asText() : null, shownTrace},
      {"spanId", f.path("spanId").isTextual() ? f.get("spanId").asText() : null, shownSpan}
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
    if (!f.has("traceId") || !f.has("spanId")) {
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
}
