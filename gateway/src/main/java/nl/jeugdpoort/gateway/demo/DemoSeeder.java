package nl.jeugdpoort.gateway.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.security.Passwords;
import org.apache.shiro.authc.credential.PasswordService;

/** Puts the demo organisations and accounts in the database (once; existing rows are left alone). */
@ApplicationScoped
public class DemoSeeder {
  @Inject Database database;
  @Inject DemoWorld world;

  public void seed() {
    PasswordService passwords = new Passwords();
    database.write(em -> {
      for (DemoOrganisation o : world.organisations()) {
        if (em.find(OrganisationEntity.class, o.id()) == null) {
          em.persist(new OrganisationEntity(o.id(), o.name(), o.kind(), o.fhirBaseUrl()));
        }
      }
      return null;
    });
    // Hash outside the write transaction: argon2id is deliberately slow.
    for (DemoAccount a : world.accounts()) {
      AccountEntity existing = database.read(em -> em.find(AccountEntity.class, a.username()));
      if (existing == null) {
        String hash = passwords.encryptPassword(a.password());
        database.write(em -> {
          AccountEntity account = new AccountEntity(a.username(), hash, a.displayName(), a.role(), a.organisationId(),
              a.personRef(), a.youthBsn());
          account.family(a.familyRelation(), a.youthBirthDate());
          account.names(a.youthGivenName(), a.familyRole());
          em.persist(account);
          return null;
        });
      } else if (a.familyRelation() != null && (existing.familyRelation() == null || existing.youthGivenName() == null)) {
        // A demo database made before the family facts (migration V4) or the names (V9) existed.
        database.write(em -> {
          AccountEntity account = em.find(AccountEntity.class, a.username());
          account.family(a.familyRelation(), a.youthBirthDate());
          account.names(a.youthGivenName(), a.familyRole());
          return null;
        });
      }
    }
  }
}
