package nl.jeugdpoort.fhir.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The bytes of the Jeugdpoort audit chain (rule A2), shared by the gateway, which chains and
 * verifies entries, and by the offline verifier ({@link AuditVerifier}), which checks an export
 * without the gateway. docs/audit.md states the format; this class is its only implementation.
 *
 * <p>Each entry's hash is the lower-case hex SHA-256 of its canonical bytes. Entries chained since
 * V17 use {@linkplain #FORM_TRACE RFC 8785 JSON with the trace context}, entries chained from V13
 * to V17 {@linkplain #FORM_JSON RFC 8785 JSON without it}; entries chained before use {@linkplain
 * #FORM_PIPE the older '|'-joined text}. Every form contains the entry's {@code seq} and the
 * previous entry's hash.
 */
public final class AuditChain {
  /** The hash the first entry (seq 1) chains to. */
  public static final String GENESIS = "0".repeat(64);

  /** Canonical form 1: {@code prev|seq|id|epochMillis|len:value|…} (entries chained before V13). */
  public static final int FORM_PIPE = 1;

  /**
   * Canonical form 2: one JSON object of 23 members, canonicalized by RFC 8785 (JCS), UTF-8
   * (entries chained from V13 to V17).
   */
  public static final int FORM_JSON = 2;

  /**
   * Canonical form 3: the 23 members of form 2 plus {@code traceId} and {@code spanId} (W3C trace
   * context, string or null), canonicalized by RFC 8785 (JCS), UTF-8 (every entry chained since
   * V17).
   */
  public static final int FORM_TRACE = 3;

  /** The largest whole number RFC 8785 writes as plain digits (2^53, ECMAScript's safe range). */
  private static final long SAFE_INTEGER = 1L << 53;

  /** The URL of the FHIR extension on an exported AuditEvent that carries its chain fields. */
  public static final String EXTENSION =
      "https://jeugdpoort.nl/fhir/StructureDefinition/jp-audit-chain";

  private AuditChain() {}

  /**
   * The RFC 8785 canonical UTF-8 bytes of {@code fields}: a JSON object whose values are strings,
   * whole numbers (within ±2^53) or null (a null is written as {@code null}, so null and ""
   * differ).
   *
   * <p>Written directly, without a JSON library: for such a flat object RFC 8785 comes down to the
   * members sorted by name in UTF-16 code units ({@link String#compareTo}), no white space, whole
   * numbers as plain digits and strings escaped as ECMAScript's {@code JSON.stringify} does: quote
   * and backslash with a backslash, the controls U+0008, U+0009, U+000A, U+000C and U+000D by their
   * short escapes (b, t, n, f, r), the other controls below U+0020 by a six-character escape with
   * lower-case hex digits, everything else as it is. {@code AuditChainTest} checks the bytes
   * against the RFC 8785 reference library on random values.
   */
  public static byte[] canonicalJson(Map<String, ?> fields) {
    String[] names = fields.keySet().toArray(new String[0]);
    Arrays.sort(names);
    StringBuilder out = new StringBuilder(64 * names.length + 256);
    out.append('{');
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, names[i]);
      out.append(':');
      Object v = fields.get(names[i]);
      if (v == null) {
        out.append("null");
      } else if (v instanceof String text) {
        string(out, text);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
        long n = ((Number) v).longValue();
        if (n > SAFE_INTEGER || n < -SAFE_INTEGER) {
          throw new IllegalArgumentException(
              "audit entry cannot be canonicalized: " + names[i] + " is out of range: " + n);
        }
        out.append(n);
      } else {
        throw new IllegalArgumentException(
            "audit entry cannot be canonicalized: "
                + names[i]
                + " is a "
                + v.getClass().getSimpleName()
                + ", not a string, whole number or null");
      }
    }
    out.append('}');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** A JSON string as RFC 8785 (ECMAScript JSON.stringify) writes it. */
  private static void string(StringBuilder out, String s) {
    out.append('"');
    int n = s.length();
    int plain = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, plain, n).append('"');
  }

  /** The chain hash of canonical bytes: SHA-256, lower-case hex (64 characters). */
  public static String hash(byte[] canonical) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** The place in the chain and the previous hash that canonical bytes of any form state. */
  public record Link(long seq, String prevHash) {}

  /**
   * Reads the link back out of canonical bytes.
   *
   * @throws IllegalArgumentException when the bytes are not of the given form
   */
  public static Link link(int form, byte[] canonical) {
    String text = new String(canonical, StandardCharsets.UTF_8);
    try {
      if (form == FORM_JSON || form == FORM_TRACE) {
        return HashedFields.read(canonical).link();
      }
      if (form == FORM_PIPE) {
        String[] parts = text.split("\\|", 3);
        if (parts.length < 3) {
          throw new IllegalArgumentException("not the '|'-joined form");
        }
        return new Link(Long.parseLong(parts[1]), parts[0]);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("canonical bytes unreadable: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("unknown canonical form " + form);
  }
}
