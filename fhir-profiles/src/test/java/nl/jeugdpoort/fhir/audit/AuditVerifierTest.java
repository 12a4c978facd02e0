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
 * The offline verifier as a command: exit 0 for an intact export, 1 naming the bad line, 2 for
 * wrong use.
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
