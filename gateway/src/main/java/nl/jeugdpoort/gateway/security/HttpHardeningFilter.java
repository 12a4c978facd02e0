package nl.jeugdpoort.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The first filter of every request (declared first in web.xml): security headers on every answer, and
 * a limit on request bodies — a larger one is answered {@code 413} with a FHIR OperationOutcome before
 * anything reads it. The limit is {@code jeugdpoort.http.max-body-bytes} (default 1 MiB).
 */
public class HttpHardeningFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  /** Pages: their own style sheet and images, no scripts at all, forms only to the portal itself. */
  static final String PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'self'";
  private long maxBody;

  @Override
  public void init() {
    maxBody = ConfigProvider.getConfig().getOptionalValue("jeugdpoort.http.max-body-bytes", Long.class).orElse(1_048_576L);
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Content-Security-Policy", request.getRequestURI().startsWith(request.getContextPath() + "/portal") ? PAGE_CSP : CSP);
    response.setHeader("Cache-Control", "no-store");
    long declared = request.getContentLengthLong();
    if (declared > maxBody) {
      tooLarge(response);
      return;
    }
    if (declared < 0 && hasBody(request)) {
      // No Content-Length (chunked): read at most the limit, then hand on what was read.
      byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
      if (body.length > maxBody) {
        tooLarge(response);
        return;
      }
      chain.doFilter(new BufferedBody(request, body), response);
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean hasBody(HttpServletRequest request) {
    String method = request.getMethod();
    return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
        + "\"code\":\"too-costly\",\"diagnostics\":\"The request body is larger than " + maxBody
        + " bytes (jeugdpoort.http.max-body-bytes).\"}]}").getBytes(StandardCharsets.UTF_8));
  }

  /** A request whose body was already read into memory. */
  private static final class BufferedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
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
