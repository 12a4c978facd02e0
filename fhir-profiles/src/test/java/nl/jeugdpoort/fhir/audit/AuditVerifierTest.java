package nl.jeugdpoort.fhir.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline verifier of the hash-chained audit log (A2) as a command: exit 0 for an intact
 * export, 1 naming the bad line, 2 for wrong use.
 */
class AuditVerifierTest {
  @TempDir Path dir;

  @Test
  void the_command_accepts_an_intact_export_and_names_the_first_bad_line() throws Exception {
    List<String> lines = chain(4);
    Path good = Files.write(dir.resolve("good.ndjson"), lines);
    assertThat(run(good.toString())).startsWith("0 OK: 4 entries, seq 1..4");

    List<String> changed = new ArrayList<>(lines);
    changed.set(
        2,
        changed
            .get(2)
            .replace("\"outcomeDesc\":\"entry 2\"", "\"outcomeDesc\":\"something else\""));
    Path shown = Files.write(dir.resolve("shown.ndjson"), changed);
    assertThat(run(shown.toString()))
        .startsWith("1 BROKEN at line 3, seq 3, entry e2")
        .contains("detail");

    List<String> gap = new ArrayList<>(lines);
    gap.remove(1);
    Path missing = Files.write(dir.resolve("missing.ndjson"), gap);
    assertThat(run(missing.toString()))
        .startsWith("1 BROKEN at line 2, seq 3")
        .contains("entries missing");

    assertThat(run()).startsWith("2 ");
    assertThat(run(good.toString(), "--checkpoint", "x.jws")).startsWith("2 ");
    assertThat(run(dir.resolve("absent.ndjson").toString())).startsWith("2 ");
  }

  @Test
  void a_chain_of_form_2_entries_then_form_3_entries_verifies_and_a_changed_trace_is_named()
      throws Exception {
    // As after migration V17: the entries chained before it keep form 2, new ones have form 3.
    List<String> lines = chain(3);
    String prev = hashOf(lines.get(2));
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    lines.add(form3(4, prev, trace, "00f067aa0ba902b7"));
    lines.add(form3(5, hashOf(lines.get(3)), null, null));
    lines.add(form3(6, hashOf(lines.get(4)), trace, "b7ad6b7169203331"));
    Path mixed = Files.write(dir.resolve("mixed.ndjson"), lines);
    assertThat(run(mixed.toString())).startsWith("0 OK: 6 entries, seq 1..6");

    List<String> shown = new ArrayList<>(lines);
    shown.set(5, shown.get(5).replace("b7ad6b7169203331", "b7ad6b7169203332"));
    Path changed = Files.write(dir.resolve("changed-span.ndjson"), shown);
    assertThat(run(changed.toString()))
        .startsWith("1 BROKEN at line 6, seq 6, entry e5")
        .contains("spanId");

    List<String> hidden = new ArrayList<>(lines);
    hidden.set(
        3,
        hidden.get(3).replace(",\"entity\":[" + traceEntity(trace, "00f067aa0ba902b7") + "]", ""));
    assertThat(hidden.get(3)).doesNotContain("trace-context");
    Path withoutTrace = Files.write(dir.resolve("hidden-trace.ndjson"), hidden);
    assertThat(run(withoutTrace.toString()))
        .startsWith("1 BROKEN at line 4, seq 4, entry e3")
        .contains("traceId");
  }

  @Test
  void lines_are_cut_as_bytes_whatever_their_ending_length_or_blank_lines_between()
      throws Exception {
    List<String> lines = chain(4);
    // A line longer than the verifier's 8 MiB read block, with an element the verifier skips.
    String padded =
        lines.get(1).replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(9 << 20) + "\",");
    String crlf =
        lines.get(0) + "\r\n\r\n" + padded + "\r\n  \r\n" + lines.get(2) + "\n" + lines.get(3);
    Path good = Files.writeString(dir.resolve("crlf.ndjson"), crlf, StandardCharsets.UTF_8);
    assertThat(run(good.toString())).startsWith("0 OK: 4 entries, seq 1..4");

    String broken = crlf.replace("\"outcomeDesc\":\"entry 3\"", "\"outcomeDesc\":\"changed\"");
    Path bad = Files.writeString(dir.resolve("crlf-bad.ndjson"), broken, StandardCharsets.UTF_8);
    // Line 6 of the file: two blank lines come before it.
    assertThat(run(bad.toString())).startsWith("1 BROKEN at line 6, seq 4, entry e3");

    Path notJson =
        Files.writeString(
            dir.resolve("not-json.ndjson"),
            lines.get(0) + "\n{\"resourceType\":",
            StandardCharsets.UTF_8);
    assertThat(run(notJson.toString())).startsWith("1 BROKEN at line 2").contains("not JSON");

    // A second event behind the first on one line (a lone carriage return between them, which
    // other tools read as a line break): not passed over.
    Path hidden =
        Files.writeString(
            dir.resolve("hidden.ndjson"),
            lines.get(0) + "\r" + lines.get(1) + "\n" + lines.get(2),
            StandardCharsets.UTF_8);
    assertThat(run(hidden.toString()))
        .startsWith("1 BROKEN at line 1")
        .contains("content after the JSON object");
  }

  @Test
  void a_repeated_element_counts_with_its_later_value_as_in_a_parsed_tree() throws Exception {
    List<String> lines = chain(2);
    // A second subtype array without the Jeugdpoort coding replaces the first: no subtype shown.
    List<String> repeated = new ArrayList<>(lines);
    repeated.set(1, repeated.get(1).replace("\"action\":\"R\"", "\"subtype\":[],\"action\":\"R\""));
    assertThat(run(Files.write(dir.resolve("repeated.ndjson"), repeated).toString()))
        .startsWith("1 BROKEN at line 2, seq 2, entry e1")
        .contains("eventType");
  }

  @Test
  void a_recorded_time_is_compared_as_an_instant_and_a_changed_one_is_named() throws Exception {
    // The fast path (no parsing) only answers "same" for the same text or +00:00 for Z.
    assertThat(
            AuditVerifier.sameInstantText(
                "2026-12-01T12:00:00.000Z", "2026-12-01T12:00:00.000+00:00"))
        .isTrue();
    assertThat(
            AuditVerifier.sameInstantText("2026-12-01T12:00:00.000Z", "2026-12-01T12:00:00.000Z"))
        .isTrue();
    assertThat(
            AuditVerifier.sameInstantText(
                "2026-12-01T12:00:00.000Z", "2026-12-01T12:00:01.000+00:00"))
        .isFalse();
    assertThat(
            AuditVerifier.sameInstantText(
                "2026-12-01T12:00:00.000Z", "2026-12-01T13:00:00.000+01:00"))
        .isFalse();
    assertThat(
            AuditVerifier.sameInstantText("2026-12-01 12:00:00.000Z", "2026-12-01 12:00:00.000Z"))
        .isFalse();
    // An impossible date or time is left to the parser, which names it.
    assertThat(
            AuditVerifier.sameInstantText("2026-02-30T12:00:00.000Z", "2026-02-30T12:00:00.000Z"))
        .isFalse();
    assertThat(
            AuditVerifier.sameInstantText("2026-12-01T24:00:00.000Z", "2026-12-01T24:00:00.000Z"))
        .isFalse();
    assertThat(
            AuditVerifier.sameInstantText("2028-02-29T23:59:59.999Z", "2028-02-29T23:59:59.999Z"))
        .isTrue();

    List<String> lines = new ArrayList<>();
    lines.add(form3(1, AuditChain.GENESIS, null, null));
    lines.add(form3(2, hashOf(lines.get(0)), null, null));
    // Shown in another zone, the same instant: good.
    List<String> zoned = new ArrayList<>(lines);
    zoned.set(
        1,
        zoned.get(1).replace("\"2026-12-01T12:00:01.000Z\"", "\"2026-12-01T13:00:01.000+01:00\""));
    assertThat(run(Files.write(dir.resolve("zoned.ndjson"), zoned).toString()))
        .startsWith("0 OK: 2 entries");
    List<String> moved = new ArrayList<>(lines);
    moved.set(
        1,
        moved.get(1).replace("\"2026-12-01T12:00:01.000Z\"", "\"2026-12-01T12:00:02.000+00:00\""));
    assertThat(run(Files.write(dir.resolve("moved.ndjson"), moved).toString()))
        .startsWith("1 BROKEN at line 2, seq 2, entry e1")
        .contains("recorded");
  }

  private static String hashOf(String line) {
    String marker = "\"url\":\"hash\",\"valueString\":\"";
    int at = line.indexOf(marker) + marker.length();
    return line.substring(at, at + 64);
  }

  /** A form-3 entry (with trace and span id, or null for both) after {@code prev}. */
  private static String form3(int seq, String prev, String trace, String span) {
    int i = seq - 1;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("seq", seq);
    f.put("prevHash", prev);
    f.put("id", "e" + i);
    f.put("recordedAt", "2026-12-01T12:00:0" + i + ".000Z");
    f.put("action", "R");
    f.put("eventType", "test");
    f.put("outcome", "success");
    f.put("detail", "entry " + i);
    f.put("traceId", trace);
    f.put("spanId", span);
    byte[] canonical = AuditChain.canonicalJson(f);
    return "{\"resourceType\":\"AuditEvent\",\"id\":\"e"
        + i
        + "\",\"extension\":[{\"url\":\""
        + AuditChain.EXTENSION
        + "\",\"extension\":[{\"url\":\"seq\",\"valueDecimal\":"
        + seq
        + "},{\"url\":\"prevHash\",\"valueString\":\""
        + prev
        + "\"},{\"url\":\"hash\",\"valueString\":\""
        + AuditChain.hash(canonical)
        + "\"},{\"url\":\"form\",\"valueInteger\":3},"
        + "{\"url\":\"canonical\",\"valueBase64Binary\":\""
        + Base64.getEncoder().encodeToString(canonical)
        + "\"}]}],"
        + "\"subtype\":[{\"system\":\"https://jeugdpoort.nl/fhir/CodeSystem/audit-event-subtype\",\"code\":\"test\"}],"
        + "\"action\":\"R\",\"recorded\":\"2026-12-01T12:00:0"
        + i
        + ".000Z\",\"outcomeDesc\":\"entry "
        + i
        + "\""
        + (trace == null ? "" : ",\"entity\":[" + traceEntity(trace, span) + "]")
        + "}";
  }

  private static String traceEntity(String trace, String span) {
    return "{\"name\":\"trace-context\",\"detail\":[{\"type\":\"trace-id\",\"valueString\":\""
        + trace
        + "\"},{\"type\":\"span-id\",\"valueString\":\""
        + span
        + "\"}]}";
  }

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AuditVerifier.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return code + " " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  /** An export of {@code n} form-2 entries, built as the gateway builds them (docs/audit.md). */
  private static List<String> chain(int n) {
    List<String> lines = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < n; i++) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("seq", i + 1);
      f.put("prevHash", prev);
      f.put("id", "e" + i);
      f.put("recordedAt", "2026-12-01T12:00:0" + i + ".000Z");
      f.put("action", "R");
      f.put("eventType", "test");
      f.put("outcome", "success");
      f.put("detail", "entry " + i);
      byte[] canonical = AuditChain.canonicalJson(f);
      String hash = AuditChain.hash(canonical);
      lines.add(
          "{\"resourceType\":\"AuditEvent\",\"id\":\"e"
              + i
              + "\",\"extension\":[{\"url\":\""
              + AuditChain.EXTENSION
              + "\",\"extension\":[{\"url\":\"seq\",\"valueDecimal\":"
              + (i + 1)
              + "},{\"url\":\"prevHash\",\"valueString\":\""
              + prev
              + "\"},{\"url\":\"hash\",\"valueString\":\""
              + hash
              + "\"},{\"url\":\"form\",\"valueInteger\":2},"
              + "{\"url\":\"canonical\",\"valueBase64Binary\":\""
              + Base64.getEncoder().encodeToString(canonical)
              + "\"}]}],"
              + "\"subtype\":[{\"system\":\"https://jeugdpoort.nl/fhir/CodeSystem/audit-event-subtype\",\"code\":\"test\"}],"
              + "\"action\":\"R\",\"recorded\":\"2026-12-01T13:00:0"
              + i
              + ".000+01:00\",\"outcomeDesc\":\"entry "
              + i
              + "\"}");
      prev = hash;
    }
    return lines;
  }
}
