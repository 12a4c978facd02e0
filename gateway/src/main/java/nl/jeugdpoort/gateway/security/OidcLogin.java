package nl.jeugdpoort.gateway.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenID Connect login, when configured (issue #18, item 4): {@code jeugdpoort.oidc.issuer},
 * {@code client-id} and {@code client-secret}, optionally {@code scope} (default {@code openid}),
 * {@code subject-claim} (default {@code sub}: the claim whose value is looked up in {@code
 * account.oidc_subject}) and {@code label} (the login button's words). Off when no issuer is set.
 */
@ApplicationScoped
public class OidcLogin {
  @Inject
  @ConfigProperty(name = "jeugdpoort.oidc.issuer")
  Optional<String> issuer;

  @Inject
  @ConfigProperty(name = "jeugdpoort.oidc.client-id")
  Optional<String> clientId;

  @Inject
  @ConfigProperty(name = "jeugdpoort.oidc.client-secret")
  Optional<String> clientSecret;

  @Inject
  @ConfigProperty(name = "jeugdpoort.oidc.scope", defaultValue = "openid")
  String scope;

  @Inject
  @ConfigProperty(name = "jeugdpoort.oidc.subject-claim", defaultValue = "sub")
  String subjectClaim;

  @Inject
  @ConfigProperty(name = "jeugdpoort.oidc.label", defaultValue = "Inloggen via uw organisatie")
  String label;

  private volatile OidcClient client;

  @PostConstruct
  void init() {
    if (issuer.filter(s -> !s.isBlank()).isPresent()) {
      // ConfigCheck has stopped the start already when the client id or secret is missing.
      client =
          new OidcClient(
              issuer.get(), clientId.orElse(""), clientSecret.orElse(""), scope, subjectClaim);
    }
  }

  /** The client, when an issuer is configured. */
  public Optional<OidcClient> client() {
    return Optional.ofNullable(client);
  }

  public String label() {
    return label;
  }
}
