package nl.jeugdpoort.gateway.security;

import jakarta.enterprise.inject.spi.CDI;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.DisabledAccountException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UnknownAccountException;
import org.apache.shiro.authc.credential.AllowAllCredentialsMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * People logged in through the OpenID Connect provider (issue #18, item 4): the provider's subject
 * is looked up in Jeugdpoort's own {@code account} table ({@code oidc_subject}, set by an
 * administrator — the mapping table); role, organisation and, for family members, person and youth
 * come from that account, never from the provider. A subject without an account, a disabled account
 * or one of a deactivated organisation is refused. The token's check (signature, issuer, audience,
 * nonce) was done by {@link OidcClient}; there is no password.
 */
public class OidcRealm extends AuthorizingRealm {
  public OidcRealm() {
    setCredentialsMatcher(new AllowAllCredentialsMatcher());
    setName("jeugdpoort-oidc");
    setAuthenticationTokenClass(OidcToken.class);
  }

  @Override
  public boolean supports(AuthenticationToken token) {
    return token instanceof OidcToken;
  }

  @Override
  protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token)
      throws AuthenticationException {
    String subject = ((OidcToken) token).subject();
    Database database = CDI.current().select(Database.class).get();
    AccountEntity account =
        subject == null || subject.length() > 255
            ? null
            : database.read(
                em ->
                    em.createQuery(
                            "select a from AccountEntity a where a.oidcSubject = :s",
                            AccountEntity.class)
                        .setParameter("s", subject)
                        .getResultStream()
                        .findFirst()
                        .orElse(null));
    if (account == null) {
      throw new UnknownAccountException(
          "no account for OpenID Connect subject " + SecurityAudit.printable(subject));
    }
    if (account.disabled()) {
      throw new DisabledAccountException("account " + account.username() + " disabled");
    }
    if (account.organisationId() != null) {
      OrganisationEntity org =
          database.read(em -> em.find(OrganisationEntity.class, account.organisationId()));
      if (org == null || !org.active()) {
        throw new DisabledAccountException(
            "organisation " + account.organisationId() + " deactivated");
      }
    }
    AuthenticatedUser user =
        new AuthenticatedUser(
            account.username(),
            account.displayName(),
            account.role(),
            account.organisationId(),
            account.personRef(),
            account.youthBsn());
    return new SimpleAuthenticationInfo(user, subject, getName());
  }

  @Override
  protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
    AuthenticatedUser user = principals.oneByType(AuthenticatedUser.class);
    SimpleAuthorizationInfo info = new SimpleAuthorizationInfo();
    if (user != null) {
      info.addRole(user.role());
    }
    return info;
  }
}
