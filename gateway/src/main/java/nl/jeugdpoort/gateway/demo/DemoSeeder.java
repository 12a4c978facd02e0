package nl.jeugdpoort.gateway.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.Passwords;
import org.apache.shiro.authc.credential.PasswordService;

/**
 * Puts the demo organisations and accounts in the database (once; existing rows are left alone);
 * with the demo off, disables the demo accounts that still have their publicly known password.
 */
@ApplicationScoped
public class DemoSeeder {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(DemoSeeder.class.getName());
  @Inject java.time.Clock clock;

  @Inject Database database;
  @Inject DemoWorld world;

  /** The demo address of an organisation's privacy officer: {@code privacy@{id}.example}. */
  public static String officerEmail(String organisationId) {
    return "privacy@" + organisationId + ".example";
  }

  public void seed() {
    // The demo's passwords are public: hashed at argon2id's lowest cost (docs/demo.md).
    PasswordService passwords = Passwords.forPublicDemoPasswords();
    database.write(
        em -> {
          for (DemoOrganisation o : world.organisations()) {
            if (em.find(OrganisationEntity.class, o.id()) == null) {
              // Every demo organisation's privacy officer has an address (their e-mail alerts).
              em.persist(
                  new OrganisationEntity(o.id(), o.name(), o.kind(), o.fhirBaseUrl())
                      .privacyOfficer(
                          "Privacyfunctionaris " + o.name(), officerEmail(o.id()), null));
            }
          }
          return null;
        });
    // Hash outside the write transaction.
    for (DemoAccount a : world.accounts()) {
      AccountEntity existing = database.read(em -> em.find(AccountEntity.class, a.username()));
      if (existing == null) {
        String hash = passwords.encryptPassword(a.password());
        database.write(
            em -> {
              AccountEntity account =
                  new AccountEntity(
                      a.username(),
                      hash,
                      a.displayName(),
                      a.role(),
                      a.organisationId(),
                      a.personRef(),
                      a.youthBsn());
              account.family(a.familyRelation(), a.youthBirthDate());
              account.names(a.youthGivenName(), a.familyRole());
              em.persist(account);
              return null;
            });
      } else if (a.familyRelation() != null
          && (existing.familyRelation() == null || existing.youthGivenName() == null)) {
        // A demo database made before the family facts (migration V4) or the names (V9) existed.
        database.write(
            em -> {
              AccountEntity account = em.find(AccountEntity.class, a.username());
              account.family(a.familyRelation(), a.youthBirthDate());
              account.names(a.youthGivenName(), a.familyRole());
              return null;
            });
      }
    }
  }

  /**
   * The demo is off: a demo account that is still in the database (a database first run with the
   * demo) and still has its known password can no longer log in. Costs one password check per such
   * account; nothing on a database that never ran the demo.
   */
  public void retire() {
    PasswordService passwords = new Passwords();
    java.util.Map<String, String> known = new java.util.HashMap<>();
    world.accounts().forEach(a -> known.put(a.username(), a.password()));
    java.util.List<AccountEntity> present =
        database.read(
            em ->
                em.createQuery(
                        "select a from AccountEntity a where a.username in :names and a.disabledAt is null",
                        AccountEntity.class)
                    .setParameter("names", known.keySet())
                    .getResultList());
    int retired = 0;
    for (AccountEntity a : present) {
      if (passwords.passwordsMatch(known.get(a.username()), a.passwordHash())) {
        database.write(
            em -> {
              em.find(AccountEntity.class, a.username()).disable(clock.instant());
              return null;
            });
        retired++;
      }
    }
    if (retired > 0) {
      LOG.warning(
          "Jeugdpoort: the demo is off; "
              + retired
              + " demo accounts with their known passwords were disabled");
    }
  }
}
