package nl.jeugdpoort.fhir.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The bytes of the Jeugdpoort audit chain (rule A2), shared by the gateway, which chains and
 * verifies entries, and by the offline verifier ({@link AuditVerifier}), which checks an export
 * without the gateway. docs/audit.md states the format; this class is its only implementation.
 *
 * <p>Each entry's hash is the lower-case hex SHA-256 of its canonical bytes. Entries chained since
 * V13 use {@linkplain #FORM_JSON RFC 8785 JSON}; entries chained before use {@linkplain #FORM_PIPE
 * the older '|'-joined text}. Both forms contain the entry's {@code seq} and the previous entry's
 * hash.
 */
public final class AuditChain {
  /** The hash the first entry (seq 1) chains to. */
  public static final String GENESIS = "0".repeat(64);

  /** Canonical form 1: {@code prev|seq|id|epochMillis|len:value|…} (entries chained before V13). */
  public static final int FORM_PIPE = 1;

  /** Canonical form 2: one JSON object, canonicalized by RFC 8785 (JCS), UTF-8. */
  public static final int FORM_JSON = 2;

  /** The URL of the FHIR extension on an exported AuditEvent that carries its chain fields. */
  public static final String EXTENSION =
      "https://jeugdpoort.nl/fhir/StructureDefinition/jp-audit-chain";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditChain() {}

  /**
   * The RFC 8785 canonical UTF-8 bytes of {@code fields}: a JSON object whose values are strings,
   * whole numbers or null (a null is written as {@code null}, so null and "" differ).
   */
  public static byte[] canonicalJson(Map<String, ?> fields) {
    try {
      return new JsonCanonicalizer(JSON.writeValueAsString(fields)).getEncodedUTF8();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "audit entry cannot be canonicalized: " + e.getMessage(), e);
    }
  }

  /** The chain hash of canonical bytes: SHA-256, lower-case hex (64 characters). */
  public static String hash(byte[] canonical) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** The place in the chain and the previous hash that canonical bytes of either form state. */
  public record Link(long seq, String prevHash) {}

  /**
   * Reads the link back out of canonical bytes.
   *
   * @throws IllegalArgumentException when the bytes are not of the given form
   */
  public static Link link(int form, byte[] canonical) {
    String text = new String(canonical, StandardCharsets.UTF_8);
    try {
      if (form == FORM_JSON) {
        JsonNode node = JSON.readTree(text);
        if (node == null
            || !node.path("seq").canConvertToLong()
            || !node.path("prevHash").isTextual()) {
          throw new IllegalArgumentException("no seq or prevHash in the canonical JSON");
        }
        return new Link(node.get("seq").asLong(), node.get("prevHash").asText());
      }
      if (form == FORM_PIPE) {
        String[] parts = text.split("\\|", 3);
        if (parts.length < 3) {
          throw new IllegalArgumentException("not the '|'-joined form");
        }
        return new Link(Long.parseLong(parts[1]), parts[0]);
      }
    } catch (JsonProcessingException | NumberFormatException e) {
      throw new IllegalArgumentException("canonical bytes unreadable: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("unknown canonical form " + form);
  }

  /**
   * The JSON fields of canonical form-2 bytes (for the verifier's cross-check of an exported
   * event).
   */
  public static JsonNode fields(byte[] canonical) {
    try {
      return JSON.readTree(canonical);
    } catch (IOException e) {
      throw new IllegalArgumentException("canonical bytes unreadable: " + e.getMessage(), e);
    }
  }
}
