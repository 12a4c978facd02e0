package nl.jeugdpoort.fhir.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * The audit chain's own RFC 8785 canonicaliser ({@link AuditChain#canonicalJson}) writes exactly
 * the bytes of the RFC 8785 reference library (Jackson, then {@code JsonCanonicalizer}) — the way
 * the bytes were made before it — on random values: every control character, quotes, backslashes,
 * non-ASCII letters, characters outside the BMP (surrogate pairs), U+2028/U+2029, DEL, nulls and
 * empty strings, and member names that sort differently by UTF-16 code unit than by code point.
 */
class AuditChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The 25 member names of form 3 (docs/audit.md). */
  private static final List<String> FORM_3 =
      List.of(
          "seq",
          "prevHash",
          "id",
          "recordedAt",
          "action",
          "eventType",
          "outcome",
          "actorUsername",
          "actorRole",
          "actorOrg",
          "onBehalfOf",
          "accessPoint",
          "youthBsn",
          "requestId",
          "purpose",
          "legalBasis",
          "dataDescription",
          "ruleIds",
          "detail",
          "controlAuthorised",
          "controlCareRelation",
          "controlConsent",
          "controlOverride",
          "traceId",
          "spanId");

  private static final String[] PIECES = {
    "a", "Z", "0", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u0001", "\u001f",
    "\u007f", "\u0080", "é", "ß", "€", "\u2028", "\u2029", "\ufeff", "\uffff", "😀", "𝄞", "ij",
    "…", "<", ">", "&", "'", "null", "\u00a0", "日本"
  };

  @Test
  void its_bytes_are_those_of_the_rfc_8785_reference_library_on_random_values() throws Exception {
    Random random = new Random(20_17);
    for (int round = 0; round < 5_000; round++) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (String name : FORM_3) {
        fields.put(name, value(random, name));
      }
      assertThat(new String(AuditChain.canonicalJson(fields), StandardCharsets.UTF_8))
          .as("round %d", round)
          .isEqualTo(new String(reference(fields), StandardCharsets.UTF_8));
    }
  }

  @Test
  void member_names_sort_by_utf16_code_units_as_rfc_8785_says() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    // U+FB01 sorts after U+1F600 by code point, before it by UTF-16 code unit (D83D).
    fields.put("\ufb01", "1");
    fields.put("😀", "2");
    fields.put("b", null);
    fields.put("a", "");
    fields.put("B", 7L);
    fields.put("n", -12);
    assertThat(AuditChain.canonicalJson(fields)).isEqualTo(reference(fields));
    assertThat(new String(AuditChain.canonicalJson(fields), StandardCharsets.UTF_8))
        .isEqualTo("{\"B\":7,\"a\":\"\",\"b\":null,\"n\":-12,\"😀\":\"2\",\"\ufb01\":\"1\"}");
  }

  @Test
  void values_it_cannot_write_exactly_are_refused_not_written_wrongly() {
    assertThatThrownBy(() -> AuditChain.canonicalJson(Map.of("x", 1.5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditChain.canonicalJson(Map.of("x", (1L << 53) + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AuditChain.canonicalJson(Map.of("x", 1L << 53)))
        .isEqualTo("{\"x\":9007199254740992}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_link_is_read_back_from_form_3_bytes() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("seq", 42L);
    fields.put("prevHash", "ab".repeat(32));
    fields.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    fields.put("spanId", null);
    AuditChain.Link link = AuditChain.link(AuditChain.FORM_TRACE, AuditChain.canonicalJson(fields));
    assertThat(link).isEqualTo(new AuditChain.Link(42, "ab".repeat(32)));
  }

  private static Object value(Random random, String name) {
    if (name.equals("seq")) {
      return (long) random.nextInt(Integer.MAX_VALUE) * (random.nextBoolean() ? 1 : 4096);
    }
    int kind = random.nextInt(10);
    if (kind == 0) {
      return null;
    }
    if (kind == 1) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    int n = 1 + random.nextInt(12);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(3) == 0) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      } else {
        // any BMP character that is not a surrogate, or a whole pair
        int cp = random.nextInt(0x11000);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 0x1F000 + (cp - 0xD800);
        }
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  /** The bytes as the gateway made them before its own canonicaliser: Jackson, then RFC 8785. */
  private static byte[] reference(Map<String, Object> fields) throws Exception {
    return new JsonCanonicalizer(JSON.writeValueAsString(fields)).getEncodedUTF8();
  }
}
