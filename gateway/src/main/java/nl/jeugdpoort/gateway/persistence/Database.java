package nl.jeugdpoort.gateway.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.spi.PersistenceProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.flywaydb.core.Flyway;

/**
 * The database: a pooled DataSource, Flyway migrations, and an application-managed
 * EntityManagerFactory. Write work runs in one transaction that is rolled back on any failure, so a
 * record is never half-written. Writes run concurrently: nothing here serialises them. The audit
 * chain gets its order elsewhere — each entry is inserted in its action's transaction without chain
 * fields, and one chainer links the committed entries (audit.AuditChainer, docs/audit.md).
 */
public final class Database implements AutoCloseable {
  private final DatabaseSettings settings;
  private final HikariDataSource dataSource;
  private final EntityManagerFactory emf;
  private final List<Runnable> afterCommit = new CopyOnWriteArrayList<>();
  private final List<Runnable> afterRollback = new CopyOnWriteArrayList<>();

  public Database(DatabaseSettings settings) {
    this.settings = settings;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setPoolName("jeugdpoort");
    config.setDriverClassName(settings.isPostgres() ? "org.postgresql.Driver" : "org.h2.Driver");
    this.dataSource = new HikariDataSource(config);
    try {
      Flyway.configure(Database.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .placeholders(
              Map.of(
                  "clob",
                  settings.isPostgres() ? "text" : "clob",
                  // V13: the primary key of V1 has no name of its own, and the two databases name
                  // it differently.
                  "audit_drop_seq_primary_key",
                  settings.isPostgres()
                      ? "alter table audit_entry drop constraint audit_entry_pkey"
                      : "alter table audit_entry drop primary key",
                  // V22: V1's unique constraint on id, which V13's primary key repeats; only
                  // PostgreSQL's name for it is known.
                  "audit_drop_duplicate_id_key",
                  settings.isPostgres()
                      ? "alter table audit_entry drop constraint audit_entry_id_key"
                      : "select 1"))
          .load()
          .migrate();
      Map<String, Object> properties = new HashMap<>();
      properties.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
      properties.put(
          PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML,
          "META-INF/jeugdpoort-persistence.xml");
      properties.put(PersistenceUnitProperties.CLASSLOADER, Database.class.getClassLoader());
      PersistenceProvider provider = new org.eclipse.persistence.jpa.PersistenceProvider();
      this.emf = provider.createEntityManagerFactory("jeugdpoort", properties);
      if (emf == null) {
        throw new IllegalStateException("persistence unit 'jeugdpoort' not found");
      }
      emf.createEntityManager().close();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public DatabaseSettings settings() {
    return settings;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work} in one write transaction; on any exception nothing of it is kept. Write
   * transactions run concurrently; after a commit the {@linkplain #afterCommit listeners} are told.
   */
  public <T> T write(Function<EntityManager, T> work) {
    T result;
    EntityManager em = emf.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      result = work.apply(em);
      tx.commit();
    } catch (RuntimeException e) {
      if (tx.isActive()) {
        tx.rollback();
      }
      for (Runnable listener : afterRollback) {
        listener.run();
      }
      throw e;
    } finally {
      em.close();
    }
    for (Runnable listener : afterCommit) {
      listener.run();
    }
    return result;
  }

  /**
   * Registers a listener run after every committed write (the audit chainer uses it as a nudge). It
   * must be quick and must not throw; it runs on the writer's thread.
   */
  public void afterCommit(Runnable listener) {
    afterCommit.add(listener);
  }

  /**
   * Registers a listener run after a write that did not commit (its work threw), on the writer's
   * thread. It must be quick and must not throw.
   */
  public void afterRollback(Runnable listener) {
    afterRollback.add(listener);
  }

  /** Runs read-only {@code work}. */
  public <T> T read(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      return work.apply(em);
    } finally {
      em.close();
    }
  }

  @Override
  public void close() {
    emf.close();
    dataSource.close();
  }
}
