package nl.jeugdpoort.connectors.fhir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real SMART Backend Services token endpoint on its own port, next to the gateway's JWKS as the
 * gateway publishes it ({@code /jwks} here, {@code /auth/jwks} on the gateway). The endpoint
 * verifies the client assertion's ES256 signature against the registered client's JWK set, fetched
 * from that JWKS URL (Nimbus), its claims (iss = sub = client id, aud = this endpoint, exp at most
 * 5 minutes after iat, jti not seen before) and the grant, then issues an opaque access token.
 * {@link #verify(String)} is how the test's FHIR server checks a bearer token.
 */
final class TestTokenServer implements AutoCloseable {
  static final String CLIENT_ID = "jeugdpoort-gateway";
  final AtomicInteger issued = new AtomicInteger();
  final AtomicReference<String> lastScope = new AtomicReference<>();
  final AtomicReference<Duration> lifetime = new AtomicReference<>(Duration.ofMinutes(5));
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Set<String> usedJti = ConcurrentHashMap.newKeySet();
  private final JWKSet clientKeys;
  private final JWKSource<SecurityContext> remoteKeys;
  private final Server server = new Server();
  private final int port;

  TestTokenServer(JWKSet clientKeys) throws Exception {
    this.clientKeys = clientKeys;
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new TokenServlet()), "/token");
    context.addServlet(new ServletHolder(new JwksServlet()), "/jwks");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
    remoteKeys = JWKSourceBuilder.create(jwksUrl().toURL()).retrying(false).build();
  }

  URI jwksUrl() {
    return URI.create("http://127.0.0.1:" + port + "/jwks");
  }

  /** The client's keys as a verifier gets them: from the JWKS URL. */
  JWKSource<SecurityContext> remoteKeys() {
    return remoteKeys;
  }

  URI tokenUrl() {
    return URI.create("http://127.0.0.1:" + port + "/token");
  }

  /** True when the bearer token was issued here and has not expired or been revoked. */
  boolean verify(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Instant until = tokens.get(authorization.substring("Bearer ".length()));
    return until != null && Instant.now().isBefore(until);
  }

  void revokeAll() {
    tokens.clear();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private final class JwksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/jwk-set+json");
      resp.getOutputStream().write(clientKeys.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private final class TokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (!"client_credentials".equals(req.getParameter("grant_type"))
          || !SourceHttp.JWT_BEARER.equals(req.getParameter("client_assertion_type"))) {
        error(resp, 400, "unsupported_grant_type");
        return;
      }
      String assertion = req.getParameter("client_assertion");
      try {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
            new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, remoteKeys));
        processor.setJWTClaimsSetVerifier(
            new DefaultJWTClaimsVerifier<>(
                tokenUrl().toString(),
                new JWTClaimsSet.Builder().issuer(CLIENT_ID).subject(CLIENT_ID).build(),
                Set.of("iat", "exp", "jti")));
        JWTClaimsSet claims = processor.process(assertion == null ? "" : assertion, null);
        if (claims
                .getExpirationTime()
                .toInstant()
                .isAfter(claims.getIssueTime().toInstant().plusSeconds(300))
            || !usedJti.add(claims.getJWTID())) {
          error(resp, 401, "invalid_client");
          return;
        }
      } catch (ParseException | BadJOSEException | JOSEException e) {
        error(resp, 401, "invalid_client");
        return;
      }
      lastScope.set(req.getParameter("scope"));
      String token = UUID.randomUUID().toString();
      tokens.put(token, Instant.now().plus(lifetime.get()));
      issued.incrementAndGet();
      resp.setStatus(200);
      resp.setContentType("application/json");
      resp.getOutputStream()
          .write(
              ("{\"access_token\":\""
                      + token
                      + "\",\"token_type\":\"bearer\",\"expires_in\":"
                      + lifetime.get().toSeconds()
                      + ",\"scope\":\"system/*.read\"}")
                  .getBytes(StandardCharsets.UTF_8));
    }

    private void error(HttpServletResponse resp, int status, String error) throws IOException {
      resp.setStatus(status);
      resp.setContentType("application/json");
      resp.getOutputStream()
          .write(("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8));
    }
  }
}
