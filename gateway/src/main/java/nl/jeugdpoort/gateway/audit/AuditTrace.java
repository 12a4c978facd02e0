package nl.jeugdpoort.gateway.audit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The W3C trace context (docs/audit.md#trace-context-w3c-traceparent) the current thread works in:
 * the trace id of the exchange and the span id of the gateway's own operation — one HTTP call
 * ({@code security.HttpHardeningFilter} sets it from the caller's {@code traceparent}, or starts a
 * trace) or one pass of a claimed data request through the route ({@code flow.RequestPass}, in the
 * request's stored trace). {@link AuditLog#append} writes it on every entry; an entry about a data
 * request written outside both (a timer's step) gets the request's trace with a span of its own.
 */
public final class AuditTrace {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Span> CURRENT = new ThreadLocal<>();

  private AuditTrace() {}

  /**
   * A span in a trace.
   *
   * @param traceId 32 lower-case hex digits, not all zero
   * @param spanId 16 lower-case hex digits, not all zero
   */
  public record Span(String traceId, String spanId) {
    public Span {
      if (!isTraceId(traceId)) {
        throw new IllegalArgumentException("not a W3C trace id: " + traceId);
      }
      if (spanId == null || !SPAN_ID.matcher(spanId).matches() || zero(spanId)) {
        throw new IllegalArgumentException("not a W3C span id: " + spanId);
      }
    }

    /** A new span in the same trace. */
    public Span next() {
      return new Span(traceId, hex(8));
    }
  }

  /** Whether {@code id} is a W3C trace id: 32 lower-case hex digits, not all zero. */
  public static boolean isTraceId(String id) {
    return id != null && TRACE_ID.matcher(id).matches() && !zero(id);
  }

  /** A new span in the trace {@code traceId}. */
  public static Span newSpan(String traceId) {
    return new Span(traceId, hex(8));
  }

  /** A new trace, with its first span. */
  public static Span start() {
    return new Span(hex(16), hex(8));
  }

  /** The span the current thread works in, or null. */
  public static Span current() {
    return CURRENT.get();
  }

  /**
   * Makes {@code span} the current thread's span until the returned scope is closed, which puts
   * back the one before.
   */
  public static Scope enter(Span span) {
    Span before = CURRENT.get();
    CURRENT.set(span);
    return () -> {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    };
  }

  /** Ends the current thread's span, whatever it is (at the end of a route pass). */
  public static void clear() {
    CURRENT.remove();
  }

  /** A current span that ends when closed. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private static boolean zero(String hex) {
    return hex.chars().allMatch(c -> c == '0');
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    String h;
    do {
      RANDOM.nextBytes(b);
      h = HexFormat.of().formatHex(b);
    } while (zero(h));
    return h;
  }
}
