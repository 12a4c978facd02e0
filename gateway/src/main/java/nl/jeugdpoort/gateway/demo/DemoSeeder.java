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
      if (database.read(em -> em.find(AccountEntity.class, a.username())) == null) {
        String hash = passwords.encryptPassword(a.password());
        database.write(em -> {
          em.persist(new AccountEntity(a.username(), hash, a.displayName(), a.role(), a.organisationId(),
              a.personRef(), a.youthBsn()));
          return null;
        });
      }
    }
  }
}
