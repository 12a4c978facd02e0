package nl.jeugdpoort.it.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source side of SMART Backend Services, against a key set published over real HTTP the way the
 * gateway publishes its own: a client assertion signed with the published key buys a token, the
 * token opens the FHIR API, and a missing token, a forged or replayed assertion or a wrong audience
 * do not.
 */
class SmartBackendGuardTest {
  private static final String CLIENT = "jeugdpoort-gateway";
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer jwks;
  private ECKey key;
  private SyntheaFhirServer server;

  @BeforeEach
  void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("gateway-1").generate();
    String published = new JWKSet(key.toPublicJWK()).toString();
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/auth/jwks",
        exchange -> {
          byte[] body = published.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
    Patient p = new Patient();
    p.setId("Patient/p1");
    SmartBackendGuard guard =
        new SmartBackendGuard(
            URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/auth/jwks"), CLIENT);
    server =
        new SyntheaFhirServer(
            FhirContext.forR4Cached(),
            Map.<String, List<Resource>>of("Patient", List.of(p)),
            guard);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    jwks.stop(0);
  }

  @Test
  void a_signed_client_assertion_buys_a_bearer_token_that_opens_the_fhir_api() throws Exception {
    assertThat(get("/Patient/p1", null).statusCode()).isEqualTo(401);
    assertThat(get("/metadata", null).statusCode()).isEqualTo(200);
    String assertion =
        assertion(key, server.guard().tokenUrl().toString(), UUID.randomUUID().toString());
    HttpResponse<String> token = token(assertion);
    assertThat(token.statusCode()).isEqualTo(200);
    String accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> read = get("/Patient/p1", "Bearer " + accessToken);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"id\":\"p1\"");
    assertThat(get("/Patient/p1", "Bearer not-" + accessToken).statusCode()).isEqualTo(401);
    // The same assertion again (jti replayed) is refused.
    assertThat(token(assertion).statusCode()).isEqualTo(401);
    assertThat(server.guard().issued()).isEqualTo(1);
  }

  @Test
  void a_forged_assertion_a_wrong_audience_or_no_assertion_is_refused() throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("gateway-1").generate();
    assertThat(
            token(
                    assertion(
                        other, server.guard().tokenUrl().toString(), UUID.randomUUID().toString()))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            token(assertion(key, "https://elsewhere.example/token", UUID.randomUUID().toString()))
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> none =
        http.send(
            HttpRequest.newBuilder(server.guard().tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(server.guard().issued()).isZero();
  }

  private static String assertion(ECKey signer, String audience, String jti) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(CLIENT)
            .subject(CLIENT)
            .audience(audience)
            .expirationTime(Date.from(Instant.now().plusSeconds(120)))
            .jwtID(jti)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(signer));
    return jwt.serialize();
  }

  private HttpResponse<String> token(String assertion) throws Exception {
    String form =
        "grant_type=client_credentials&client_assertion_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&client_assertion="
            + assertion
            + "&scope="
            + URLEncoder.encode("system/*.read", StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(server.guard().tokenUrl())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
