package nl.jeugdpoort.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.SystemClientEntity;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SMART Backend Services (the OAuth 2.0 client-credentials grant with a {@code private_key_jwt}
 * client assertion, RFC 7523): checks a client's signed assertion against the public keys an
 * administrator registered for it, refuses a replayed assertion, and issues a short-lived access
 * token signed by the gateway; {@link #validate} checks such a token on every {@code /fhir} call
 * (through {@link BearerRealm}). Every token request is audited, granted or not.
 */
@ApplicationScoped
public class SmartTokens {
  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /**
   * The signature algorithms SMART Backend Services requires servers to accept (and RS256/ES256).
   */
  public static final Set<JWSAlgorithm> CLIENT_ALGORITHMS =
      Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
  private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

  /**
   * The clock difference tolerated between a client and the gateway (exp, iat); docs/security.md.
   */
  static final int CLOCK_SKEW_SECONDS = 5;

  @Inject GatewayKeys keys;
  @Inject Database database;
  @Inject SecurityAudit audit;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "jeugdpoort.token.lifetime", defaultValue = "PT5M")
  String lifetime;

  /** The answer of the token endpoint. */
  public sealed interface TokenResponse permits Granted, Refused {}

  public record Granted(String accessToken, long expiresIn, String scope)
      implements TokenResponse {}

  /**
   * An RFC 6749 §5.2 error: {@code error} code, a description, and the HTTP status (400 or 401).
   */
  public record Refused(int status, String error, String description) implements TokenResponse {}

  /**
   * Handles a token request.
   *
   * @param params the form parameters
   * @param tokenUrl this endpoint's URL (the audience the client assertion must name)
   * @param from the caller's address, for the audit log
   */
  public TokenResponse issue(Map<String, String> params, String tokenUrl, String from) {
    String claimedClient = null;
    try {
      if (!"client_credentials".equals(params.get("grant_type"))) {
        return refuse(
            from,
            null,
            new Refused(400, "unsupported_grant_type", "grant_type must be client_credentials"));
      }
      if (!ASSERTION_TYPE.equals(params.get("client_assertion_type"))) {
        return refuse(
            from,
            null,
            new Refused(400, "invalid_request", "client_assertion_type must be " + ASSERTION_TYPE));
      }
      String assertion = params.get("client_assertion");
      if (assertion == null || assertion.isBlank()) {
        return refuse(
            from, null, new Refused(400, "invalid_request", "client_assertion is missing"));
      }
      SignedJWT jwt;
      try {
        jwt = SignedJWT.parse(assertion);
        claimedClient = jwt.getJWTClaimsSet().getIssuer();
      } catch (ParseException | RuntimeException unreadable) {
        return refuse(
            from,
            null,
            new Refused(400, "invalid_request", "client_assertion is not a signed JWT"));
      }
      String clientId = claimedClient;
      SystemClientEntity client =
          clientId == null
              ? null
              : database.read(em -> em.find(SystemClientEntity.class, clientId));
      if (client == null || !client.active()) {
        return refuse(
            from,
            claimedClient,
            new Refused(
                401,
                "invalid_client",
                "the client is not registered or its registration was revoked"));
      }
      if (!organisationActive(client)) {
        return refuse(
            from,
            clientId,
            new Refused(401, "invalid_client", "the client's organisation was deactivated"));
      }
      if (!CLIENT_ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
        return refuse(
            from,
            clientId,
            new Refused(
                401,
                "invalid_client",
                "the client assertion must be signed with RS384, ES384, RS256 or ES256"));
      }
      JWTClaimsSet claims = verify(jwt, client, tokenUrl);
      Instant now = clock.instant();
      Instant issued = claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant();
      if (issued == null
          || issued.isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))
          || issued.isBefore(now.minus(MAX_ASSERTION_LIFETIME).minusSeconds(CLOCK_SKEW_SECONDS))) {
        return refuse(
            from,
            clientId,
            new Refused(
                401,
                "invalid_client",
                "the client assertion needs an iat that is not in the future and at most 5 minutes old"));
      }
      if (claims
          .getExpirationTime()
          .toInstant()
          .isAfter(now.plus(MAX_ASSERTION_LIFETIME).plusSeconds(CLOCK_SKEW_SECONDS))) {
        return refuse(
            from,
            clientId,
            new Refused(
                401,
                "invalid_client",
                "the client assertion may be valid for at most 5 minutes (exp)"));
      }
      long remember =
          claims.getExpirationTime().toInstant().getEpochSecond()
              - now.getEpochSecond()
              + CLOCK_SKEW_SECONDS;
      if (!keys.firstUse(clientId, claims.getJWTID(), remember)) {
        return refuse(
            from,
            clientId,
            new Refused(
                401,
                "invalid_client",
                "this client assertion (jti) was used before; replay refused"));
      }
      SmartScopes registered = SmartScopes.parse(String.join(" ", client.scopes()));
      SmartScopes requested;
      try {
        requested =
            params.get("scope") == null || params.get("scope").isBlank()
                ? registered
                : SmartScopes.parse(params.get("scope"));
      } catch (IllegalArgumentException e) {
        return refuse(from, clientId, new Refused(400, "invalid_scope", e.getMessage()));
      }
      List<String> beyond = registered.notCovering(requested);
      if (!beyond.isEmpty() || requested.isEmpty()) {
        return refuse(
            from,
            clientId,
            new Refused(
                400,
                "invalid_scope",
                requested.isEmpty()
                    ? "no scope requested"
                    : "not registered for this client: "
                        + String.join(" ", beyond)
                        + " (registered: "
                        + registered
                        + ")"));
      }
      Granted granted = sign(client, requested, tokenUrl, now);
      audit.record(
          AuditRecord.of(
                  "E",
                  SecurityAudit.TOKEN,
                  "success",
                  new AuditRecord.Actor(
                      clientId, client.actingRole(), client.organisationId(), null))
              .withAccessPoint(from)
              .withDetail(
                  "access token issued, scope "
                      + requested
                      + ", valid "
                      + granted.expiresIn()
                      + " s"));
      return granted;
    } catch (ParseException e) {
      return refuse(
          from,
          claimedClient,
          new Refused(400, "invalid_request", "client_assertion is not a signed JWT"));
    } catch (BadJOSEException e) {
      return refuse(
          from,
          claimedClient,
          new Refused(
              401,
              "invalid_client",
              "the client assertion was refused: "
                  + SecurityAudit.printable(e.getMessage())
                  + (e.getMessage() != null && e.getMessage().contains("audience")
                      ? " (expected aud " + tokenUrl + ")"
                      : "")));
    } catch (JOSEException e) {
      return refuse(
          from,
          claimedClient,
          new Refused(
              401,
              "invalid_client",
              "the client assertion could not be verified with the registered keys"));
    }
  }

  /**
   * Checks an access token this gateway issued: signature, type, expiry, and that the client is
   * still registered. Returns the system caller, or throws {@link
   * org.apache.shiro.authc.AuthenticationException}.
   */
  public AuthenticatedUser validate(String accessToken) {
    try {
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE));
      processor.setJWSKeySelector(
          new JWSVerificationKeySelector<>(
              JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys.publicKeys())));
      processor.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(null, null, Set.of("sub", "exp", "scope", "org", "role")));
      JWTClaimsSet claims = processor.process(accessToken, null);
      String clientId = claims.getSubject();
      SystemClientEntity client = database.read(em -> em.find(SystemClientEntity.class, clientId));
      if (client == null
          || !client.active()
          || !client.organisationId().equals(claims.getStringClaim("org"))
          || !organisationActive(client)) {
        throw new org.apache.shiro.authc.AuthenticationException(
            "client " + clientId + " is no longer registered");
      }
      Set<String> scopes = SmartScopes.parse(claims.getStringClaim("scope")).texts();
      return new AuthenticatedUser(
          clientId,
          "Systeem " + clientId,
          claims.getStringClaim("role"),
          client.organisationId(),
          null,
          null,
          true,
          scopes);
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
      throw new org.apache.shiro.authc.AuthenticationException(
          "invalid access token: " + SecurityAudit.printable(e.getMessage()));
    }
  }

  /**
   * A deactivated organisation's systems get no token and their tokens stop working (issue #18).
   */
  private boolean organisationActive(SystemClientEntity client) {
    nl.jeugdpoort.gateway.persistence.OrganisationEntity org =
        database.read(
            em ->
                em.find(
                    nl.jeugdpoort.gateway.persistence.OrganisationEntity.class,
                    client.organisationId()));
    return org != null && org.active();
  }

  private JWTClaimsSet verify(SignedJWT jwt, SystemClientEntity client, String tokenUrl)
      throws ParseException, BadJOSEException, JOSEException {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            CLIENT_ALGORITHMS, new ImmutableJWKSet<>(JWKSet.parse(client.jwks()))));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            tokenUrl,
            new JWTClaimsSet.Builder().issuer(client.clientId()).subject(client.clientId()).build(),
            Set.of("iss", "sub", "aud", "exp", "iat", "jti"));
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
    return processor.process(jwt, null);
  }

  private Granted sign(
      SystemClientEntity client, SmartScopes scopes, String tokenUrl, Instant now) {
    Duration life = Duration.parse(lifetime);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(tokenUrl)
            .subject(client.clientId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(life)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", scopes.toString())
            .claim("org", client.organisationId())
            .claim("role", client.actingRole())
            .build();
    SignedJWT token =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(ACCESS_TOKEN_TYPE)
                .keyID(keys.signingKey().getKeyID())
                .build(),
            claims);
    try {
      token.sign(new ECDSASigner(keys.signingKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return new Granted(token.serialize(), life.toSeconds(), scopes.toString());
  }

  private Refused refuse(String from, String claimedClient, Refused refused) {
    // With the organisation and role of the registration when the client id given is registered.
    audit.record(
        AuditRecord.of("E", SecurityAudit.TOKEN, "failure", audit.client(claimedClient))
            .withAccessPoint(from)
            .withDetail(refused.error() + ": " + refused.description()));
    return refused;
  }
}
