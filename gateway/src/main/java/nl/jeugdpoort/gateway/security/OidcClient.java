package nl.jeugdpoort.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;

/**
 * The OpenID Connect login of people (issue #18, item 4), with Nimbus OAuth 2.0 SDK with OpenID
 * Connect: the authorization code flow with PKCE (S256), a fresh state and nonce per login, the
 * code exchanged at the provider's token endpoint with the client secret (HTTP Basic), and the ID
 * token checked — signature against the provider's JWKS (RS256), issuer, audience (the client id),
 * expiry and nonce. The provider's metadata comes from its discovery document ({@code
 * {issuer}/.well-known/openid-configuration}), read once.
 */
public final class OidcClient {
  /** What a login in progress keeps in the session: state, nonce and the PKCE verifier. */
  public record Pending(String state, String nonce, String verifier, URI redirectUri)
      implements Serializable {}

  /** A login begun: where to send the browser, and what to keep. */
  public record Start(URI authorizationUri, Pending pending) {}

  /** The provider vouched for this subject (its {@code sub}, or the configured claim). */
  public record Verified(String subject, String claimed) {}

  private final Issuer issuer;
  private final ClientID clientId;
  private final Secret secret;
  private final Scope scope;
  private final String subjectClaim;
  private volatile OIDCProviderMetadata metadata;

  public OidcClient(
      String issuer, String clientId, String secret, String scope, String subjectClaim) {
    this.issuer = new Issuer(issuer);
    this.clientId = new ClientID(clientId);
    this.secret = new Secret(secret);
    this.scope = Scope.parse(scope);
    if (!this.scope.contains("openid")) {
      this.scope.add("openid");
    }
    this.subjectClaim = subjectClaim;
  }

  /**
   * The authorization request to send the browser to, with a new state, nonce and PKCE challenge.
   */
  public Start start(URI redirectUri) throws IOException {
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE), scope, clientId, redirectUri)
            .endpointURI(metadata().getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    return new Start(
        request.toURI(),
        new Pending(state.getValue(), nonce.getValue(), verifier.getValue(), redirectUri));
  }

  /**
   * The provider's answer at the redirect URI ({@code callback} with its query), checked against
   * what the login began with; throws {@link OidcException} for every failure, saying why (for the
   * audit, not for the user).
   */
  public Verified finish(Pending pending, URI callback) throws OidcException {
    try {
      AuthenticationResponse response = AuthenticationResponseParser.parse(callback);
      if (!response.indicatesSuccess()) {
        throw new OidcException(
            "the provider refused: " + response.toErrorResponse().getErrorObject().getCode());
      }
      AuthenticationSuccessResponse success = response.toSuccessResponse();
      if (success.getState() == null || !success.getState().getValue().equals(pending.state())) {
        throw new OidcException("state does not match the login that was begun");
      }
      AuthorizationCode code = success.getAuthorizationCode();
      if (code == null) {
        throw new OidcException("no authorization code");
      }
      TokenRequest tokenRequest =
          new TokenRequest(
              metadata().getTokenEndpointURI(),
              new ClientSecretBasic(clientId, secret),
              new AuthorizationCodeGrant(
                  code, pending.redirectUri(), new CodeVerifier(pending.verifier())));
      TokenResponse tokenResponse =
          OIDCTokenResponseParser.parse(tokenRequest.toHTTPRequest().send());
      if (!tokenResponse.indicatesSuccess()) {
        throw new OidcException(
            "the token endpoint refused: "
                + tokenResponse.toErrorResponse().getErrorObject().getCode());
      }
      OIDCTokenResponse tokens = (OIDCTokenResponse) tokenResponse.toSuccessResponse();
      IDTokenValidator validator =
          new IDTokenValidator(
              issuer, clientId, JWSAlgorithm.RS256, metadata().getJWKSetURI().toURL());
      IDTokenClaimsSet claims =
          validator.validate(tokens.getOIDCTokens().getIDToken(), new Nonce(pending.nonce()));
      Object claimed =
          "sub".equals(subjectClaim)
              ? claims.getSubject().getValue()
              : claims.getClaim(subjectClaim);
      if (!(claimed instanceof String s) || s.isBlank()) {
        throw new OidcException("the ID token has no claim " + subjectClaim);
      }
      return new Verified(claims.getSubject().getValue(), s);
    } catch (ParseException
        | IOException
        | com.nimbusds.jose.JOSEException
        | com.nimbusds.jose.proc.BadJOSEException e) {
      throw new OidcException(
          "the provider's answer was refused: " + SecurityAudit.printable(e.getMessage()));
    }
  }

  private OIDCProviderMetadata metadata() throws IOException {
    if (metadata == null) {
      try {
        metadata = OIDCProviderMetadata.resolve(issuer);
      } catch (com.nimbusds.oauth2.sdk.GeneralException e) {
        throw new IOException(
            "cannot read the provider's discovery document: " + e.getMessage(), e);
      }
    }
    return metadata;
  }

  /** Why a login through the provider failed. */
  public static final class OidcException extends Exception {
    private static final long serialVersionUID = 1L;

    public OidcException(String message) {
      super(message);
    }
  }
}
