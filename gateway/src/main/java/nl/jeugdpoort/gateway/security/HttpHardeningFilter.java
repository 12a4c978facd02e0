package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import nl.jeugdpoort.connectors.TraceContext;
import nl.jeugdpoort.gateway.audit.AuditTrace;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The first filter of every request (declared first in web.xml): security headers on every answer,
 * and a limit on request bodies — a larger one is answered {@code 413} with a FHIR OperationOutcome
 * before anything reads it. The limit is {@code jeugdpoort.http.max-body-bytes} (default 1 MiB). A
 * body is read whole here, within {@code jeugdpoort.http.body-timeout} (default 10 s; else {@code
 * 408}), and one address has at most {@code jeugdpoort.http.max-concurrent-per-address} requests in
 * progress at once (default 16; more are answered {@code 429} at once; 0 switches the cap off).
 * Redirects point at the configured public base URL ({@link PublicUrl}), never at the request's
 * {@code Host}.
 *
 * <p>It also sets the W3C trace context of the call (docs/audit.md#trace-context-w3c-traceparent):
 * a valid {@code traceparent} from the caller continues the caller's trace, an absent or invalid
 * one is ignored and a new trace started; the call gets a span of its own, which every audit entry
 * written during it carries ({@link AuditTrace}), and the answer states it in {@code traceparent}
 * and {@code traceresponse}.
 */
public class HttpHardeningFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String CSP =
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /**
   * Pages: their own style sheet and images, no scripts at all, forms only to the portal itself.
   */
  static final String PAGE_CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; "
          + "base-uri 'none'; form-action 'self'";

  private static final java.util.concurrent.ConcurrentHashMap<
          String, java.util.concurrent.atomic.AtomicInteger>
      IN_FLIGHT = new java.util.concurrent.ConcurrentHashMap<>();
  private long maxBody;
  private int maxPerAddress;
  private java.time.Duration bodyTimeout;
  private volatile PublicUrl publicUrl;

  @Override
  public void init() {
    var config = ConfigProvider.getConfig();
    maxBody =
        config.getOptionalValue("jeugdpoort.http.max-body-bytes", Long.class).orElse(1_048_576L);
    maxPerAddress =
        config
            .getOptionalValue("jeugdpoort.http.max-concurrent-per-address", Integer.class)
            .orElse(16);
    bodyTimeout =
        java.time.Duration.parse(
            config.getOptionalValue("jeugdpoort.http.body-timeout", String.class).orElse("PT10S"));
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    AuditTrace.Span span = span(request.getHeader(TraceContext.HEADER));
    String traceparent = "00-" + span.traceId() + "-" + span.spanId() + "-01";
    response.setHeader(TraceContext.HEADER, traceparent);
    response.setHeader("traceresponse", traceparent);
    try (AuditTrace.Scope scope = AuditTrace.enter(span)) {
      harden(request, response, chain);
    }
  }

  /**
   * The gateway's span for a call with this {@code traceparent}: in the caller's trace when the
   * header is valid, else in a new trace.
   */
  static AuditTrace.Span span(String traceparent) {
    return TraceContext.parse(traceparent)
        .map(caller -> AuditTrace.newSpan(caller.traceId()))
        .orElseGet(AuditTrace::start);
  }

  private void harden(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader(
        "Content-Security-Policy",
        request.getRequestURI().startsWith(request.getContextPath() + "/portal") ? PAGE_CSP : CSP);
    response.setHeader("Cache-Control", "no-store");
    PublicUrl base = publicUrl();
    base.observe(request);
    response = new PublicRedirects(request, response, base);
    String address = request.getRemoteAddr();
    java.util.concurrent.atomic.AtomicInteger inFlight =
        maxPerAddress <= 0 || address == null
            ? null
            : IN_FLIGHT.computeIfAbsent(
                address, a -> new java.util.concurrent.atomic.AtomicInteger());
    if (inFlight != null && inFlight.incrementAndGet() > maxPerAddress) {
      inFlight.decrementAndGet();
      response.setHeader("Retry-After", "1");
      refuse(
          response,
          429,
          "too-costly",
          "Too many requests at once from "
              + SecurityAudit.printable(address)
              + " (at most "
              + maxPerAddress
              + ", jeugdpoort.http.max-concurrent-per-address); try again shortly.");
      return;
    }
    try {
      long declared = request.getContentLengthLong();
      if (declared > maxBody) {
        tooLarge(response);
        return;
      }
      if (declared != 0 && hasBody(request)) {
        // Read the whole body now, within jeugdpoort.http.body-timeout: a client that sends it
        // slowly holds
        // this thread no longer than that, and nothing after this filter waits for the network.
        byte[] body = readWithin(request, declared);
        if (body == null) {
          refuse(
              response,
              408,
              "timeout",
              "The request body did not arrive within "
                  + bodyTimeout.toSeconds()
                  + " s (jeugdpoort.http.body-timeout).");
          return;
        }
        if (body.length > maxBody) {
          tooLarge(response);
          return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
        return;
      }
      chain.doFilter(request, response);
    } finally {
      if (inFlight != null && inFlight.decrementAndGet() <= 0) {
        IN_FLIGHT.remove(address, inFlight);
      }
    }
  }

  /** The body, or null when it took longer than the body time-out. */
  private byte[] readWithin(HttpServletRequest request, long declared) throws IOException {
    long deadline = System.nanoTime() + bodyTimeout.toNanos();
    java.io.ByteArrayOutputStream out =
        new java.io.ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    byte[] chunk = new byte[8192];
    ServletInputStream in = request.getInputStream();
    while (out.size() <= maxBody) {
      int n = in.read(chunk, 0, (int) Math.min(chunk.length, maxBody + 1 - out.size()));
      if (n < 0) {
        break;
      }
      out.write(chunk, 0, n);
      if (System.nanoTime() > deadline && (declared < 0 || out.size() < declared)) {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static void refuse(HttpServletResponse response, int status, String code, String text)
      throws IOException {
    response.setStatus(status);
    // Close the connection: what the client has not sent yet is not waited for.
    response.setHeader("Connection", "close");
    response.setContentType("application/fhir+json;charset=UTF-8");
    response
        .getOutputStream()
        .write(
            ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\""
                    + code
                    + "\",\"diagnostics\":\""
                    + text
                    + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
  }

  private PublicUrl publicUrl() {
    if (publicUrl == null) {
      publicUrl = CDI.current().select(PublicUrl.class).get();
    }
    return publicUrl;
  }

  /**
   * A relative redirect (e.g. {@code /portal/}) becomes absolute with the public base, not the Host
   * header.
   */
  private static final class PublicRedirects extends HttpServletResponseWrapper {
    private final HttpServletRequest request;
    private final PublicUrl base;

    PublicRedirects(HttpServletRequest request, HttpServletResponse response, PublicUrl base) {
      super(response);
      this.request = request;
      this.base = base;
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      if (isCommitted()) {
        throw new IllegalStateException("response already committed");
      }
      String target = location;
      if (location.startsWith("/") && !location.startsWith("//")) {
        String context = request.getContextPath();
        String path =
            !context.isEmpty() && location.startsWith(context)
                ? location.substring(context.length())
                : location;
        target = base.base(request) + path;
      } else if (!location.contains("://")) {
        String uri = request.getRequestURI();
        String dir = uri.substring(request.getContextPath().length(), uri.lastIndexOf('/') + 1);
        target = base.base(request) + dir + location;
      }
      resetBuffer();
      setStatus(SC_FOUND);
      setHeader("Location", target);
      flushBuffer();
    }
  }

  static boolean hasBody(HttpServletRequest request) {
    return hasBody(request.getMethod());
  }

  /**
   * Whether a request with this method may carry a body that this filter reads (POST, PUT, PATCH).
   */
  static boolean hasBody(String method) {
    return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setHeader("Connection", "close");
    response.setContentType("application/fhir+json;charset=UTF-8");
    response
        .getOutputStream()
        .write(
            ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\"too-costly\",\"diagnostics\":\"The request body is larger than "
                    + maxBody
                    + " bytes (jeugdpoort.http.max-body-bytes).\"}]}")
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The parameters of a query string or form body, as this filter hands them on (never throws). */
  static java.util.Map<String, java.util.List<String>> formParameters(String encoded) {
    java.util.Map<String, java.util.List<String>> all = new java.util.LinkedHashMap<>();
    BufferedBody.add(all, encoded);
    return all;
  }

  /**
   * A request whose body was already read into memory; a form body ({@code x-www-form-urlencoded})
   * is parsed here too, since the container can no longer read it.
   */
  static final class BufferedBody extends HttpServletRequestWrapper {
    private final byte[] body;
    private java.util.Map<String, String[]> parameters;

    BufferedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    private boolean isForm() {
      String type = getContentType();
      return type != null
          && type.toLowerCase(java.util.Locale.ROOT)
              .startsWith("application/x-www-form-urlencoded");
    }

    @Override
    public java.util.Map<String, String[]> getParameterMap() {
      if (parameters == null) {
        java.util.Map<String, java.util.List<String>> all = new java.util.LinkedHashMap<>();
        add(all, getQueryString());
        if (isForm()) {
          add(all, new String(body, StandardCharsets.UTF_8));
        }
        java.util.Map<String, String[]> map = new java.util.LinkedHashMap<>();
        all.forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
        parameters = java.util.Collections.unmodifiableMap(map);
      }
      return parameters;
    }

    static void add(java.util.Map<String, java.util.List<String>> all, String encoded) {
      if (encoded == null || encoded.isEmpty()) {
        return;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        try {
          String key =
              java.net.URLDecoder.decode(
                  eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String value =
              eq < 0
                  ? ""
                  : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          all.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
        } catch (IllegalArgumentException badEscape) {
          // a malformed pair is left out, as the container does
        }
      }
    }

    @Override
    public String getParameter(String name) {
      String[] values = getParameterMap().get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public java.util.Enumeration<String> getParameterNames() {
      return java.util.Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      return getParameterMap().get(name);
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public java.io.BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      java.nio.charset.Charset charset;
      try {
        charset =
            encoding == null
                ? StandardCharsets.ISO_8859_1
                : java.nio.charset.Charset.forName(encoding);
      } catch (IllegalArgumentException unknown) {
        charset = StandardCharsets.UTF_8;
      }
      return new java.io.BufferedReader(
          new java.io.InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("synchronous reading only");
        }
      };
    }
  }
}
