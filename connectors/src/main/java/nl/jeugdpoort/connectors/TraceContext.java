package nl.jeugdpoort.connectors;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context ({@code traceparent}, version 00): the trace a data request belongs to across
 * organisations, and the span of one call in it. The gateway takes the trace from the requester's
 * call (or starts one), and every call to a source carries it with a span of its own, so that the
 * requester's, the gateway's and the source's logs of one exchange can be joined (Logboek
 * Dataverwerkingen).
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero: the caller's span
 * @param flags 2 lowercase hex digits (01: sampled)
 */
public record TraceContext(String traceId, String spanId, String flags) {
  /** The HTTP header that carries it. */
  public static final String HEADER = "traceparent";

  /**
   * version-traceId-parentId-flags; a later version may append {@code -…} fields after the first 55
   * characters.
   */
  private static final Pattern TRACEPARENT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  private static final SecureRandom RANDOM = new SecureRandom();

  public TraceContext {
    if (traceId == null
        || !traceId.matches("[0-9a-f]{32}")
        || traceId.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException("trace id must be 32 lowercase hex digits, not all zero");
    }
    if (spanId == null
        || !spanId.matches("[0-9a-f]{16}")
        || spanId.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException("span id must be 16 lowercase hex digits, not all zero");
    }
    if (flags == null || !flags.matches("[0-9a-f]{2}")) {
      throw new IllegalArgumentException("trace flags must be 2 lowercase hex digits");
    }
  }

  /**
   * The context a {@code traceparent} header value states, or empty when it is absent or invalid
   * (the W3C rule: an invalid header is ignored and a new trace is started). Strictly as W3C Trace
   * Context (Level 1) says: lower-case hex only; version {@code 00} is exactly 55 characters;
   * version {@code ff} is invalid; a higher version is read by its first four fields, which must be
   * followed by the end or a {@code -}; the trace id and the parent id must not be all zero.
   * Optional white space around the value (HTTP's OWS) is allowed.
   */
  public static Optional<TraceContext> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    var m = TRACEPARENT.matcher(header.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String version = m.group(1);
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TraceContext(m.group(2), m.group(3), m.group(4)));
    } catch (IllegalArgumentException allZero) {
      return Optional.empty();
    }
  }

  /** A new trace, with a first span, sampled. */
  public static TraceContext start() {
    return new TraceContext(hex(16), hex(8), "01");
  }

  /** The same trace with a new span (one call made on behalf of this one). */
  public TraceContext child() {
    return new TraceContext(traceId, hex(8), flags);
  }

  /** The header value: {@code 00-<trace id>-<span id>-<flags>}. */
  public String header() {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      RANDOM.nextBytes(b);
    } while (allZero(b));
    return HexFormat.of().formatHex(b);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
