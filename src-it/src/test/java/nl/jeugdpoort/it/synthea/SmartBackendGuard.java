package nl.jeugdpoort.it.synthea;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The source's side of SMART Backend Services (client credentials with {@code private_key_jwt}),
 * for a source that demands that the gateway authenticates (issue #12 item 6). Its token endpoint
 * ({@value #TOKEN_PATH}) takes a client assertion signed with a key from the gateway's published
 * key set (fetched from {@code jwksUrl}, e.g. the gateway's {@code /auth/jwks}), checks issuer =
 * subject = the expected client id, audience = this token endpoint, expiry, and that its {@code
 * jti} is new, and answers an opaque access token valid for {@link #TOKEN_LIFETIME}. Every FHIR
 * call but {@code /fhir/metadata} and the SMART configuration then needs {@code Authorization:
 * Bearer <token>}; without one it is answered 401 with an OperationOutcome.
 */
public final class SmartBackendGuard {
  public static final String TOKEN_PATH = "/auth/token";
  public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.RS384);

  private final URI jwksUrl;
  private final String clientId;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, Instant> seenJti = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger issued = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();
  private volatile URI tokenUrl;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  /**
   * @param jwksUrl where the gateway publishes its public keys
   * @param clientId the client id the gateway uses as issuer and subject of its assertions
   */
  public SmartBackendGuard(URI jwksUrl, String clientId) {
    this.jwksUrl = jwksUrl;
    this.clientId = clientId;
  }

  /** The token endpoint, once the server runs. */
  public URI tokenUrl() {
    return tokenUrl;
  }

  /** Calls answered 401 (no, unknown or expired token) and assertions refused. */
  public int refused() {
    return refused.get();
  }

  public int issued() {
    return issued.get();
  }

  void install(ServletContextHandler context) {
    context.addServlet(new ServletHolder(new TokenServlet()), TOKEN_PATH);
    context.addServlet(
        new ServletHolder(new SmartConfigurationServlet()),
        "/fhir/.well-known/smart-configuration");
    context.addFilter(
        new FilterHolder(
            (Filter)
                (request, response, chain) -> {
                  HttpServletRequest http = (HttpServletRequest) request;
                  String path = http.getRequestURI();
                  if (path.equals("/fhir/metadata")
                      || path.startsWith("/fhir/.well-known/")
                      || bearerValid(http.getHeader("Authorization"))) {
                    chain.doFilter(request, response);
                    return;
                  }
                  refused.incrementAndGet();
                  HttpServletResponse out = (HttpServletResponse) response;
                  out.setStatus(401);
                  out.setHeader("WWW-Authenticate", "Bearer realm=\"synthea-source\"");
                  out.setContentType("application/fhir+json");
                  out.getWriter()
                      .write(
                          "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\","
                              + "\"diagnostics\":\"this source demands SMART Backend Services: a bearer token from "
                              + TOKEN_PATH
                              + "\"}]}");
                }),
        "/fhir/*",
        EnumSet.of(DispatcherType.REQUEST));
  }

  void started(URI root) throws MalformedURLException {
    this.tokenUrl = root.resolve(TOKEN_PATH);
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(jwksUrl.toURL()).retrying(true).build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    p.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            tokenUrl.toString(),
            new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).build(),
            Set.of("iss", "sub", "aud", "exp", "jti")));
    this.processor = p;
  }

  private boolean bearerValid(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Instant until = tokens.get(authorization.substring("Bearer ".length()).trim());
    return until != null && Instant.now().isBefore(until);
  }

  private final class TokenServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/json");
      response.setHeader("Cache-Control", "no-store");
      String grant = request.getParameter("grant_type");
      String type = request.getParameter("client_assertion_type");
      String assertion = request.getParameter("client_assertion");
      if (!"client_credentials".equals(grant)
          || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(type)
          || assertion == null) {
        refuse(
            response,
            400,
            "invalid_request",
            "client_credentials with a jwt-bearer client_assertion expected");
        return;
      }
      try {
        JWTClaimsSet claims = processor.process(assertion, null);
        Instant exp = claims.getExpirationTime().toInstant();
        if (exp.isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
          refuse(response, 401, "invalid_client", "the assertion is valid for more than 5 minutes");
          return;
        }
        if (seenJti.putIfAbsent(claims.getJWTID(), exp) != null) {
          refuse(response, 401, "invalid_client", "the assertion was used before (jti)");
          return;
        }
      } catch (Exception e) {
        refuse(response, 401, "invalid_client", "the client assertion was refused");
        return;
      }
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      tokens.put(token, Instant.now().plus(TOKEN_LIFETIME));
      issued.incrementAndGet();
      response
          .getWriter()
          .write(
              "{\"access_token\":\""
                  + token
                  + "\",\"token_type\":\"bearer\",\"expires_in\":"
                  + TOKEN_LIFETIME.toSeconds()
                  + ",\"scope\":\"system/*.read\"}");
    }

    private void refuse(HttpServletResponse response, int status, String error, String description)
        throws IOException {
      refused.incrementAndGet();
      response.setStatus(status);
      response
          .getWriter()
          .write("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }
  }

  private final class SmartConfigurationServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/json");
      response
          .getWriter()
          .write(
              "{\"token_endpoint\":\""
                  + tokenUrl
                  + "\",\"grant_types_supported\":[\"client_credentials\"],"
                  + "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
                  + "\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\",\"ES384\",\"RS384\"],"
                  + "\"scopes_supported\":[\"system/*.read\"],\"capabilities\":[\"client-confidential-asymmetric\"]}");
    }
  }
}
