package nl.jeugdpoort.gateway.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.spi.PersistenceProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.flywaydb.core.Flyway;

/**
 * The database: a pooled DataSource, Flyway migrations, and an application-managed
 * EntityManagerFactory. Write work runs in one transaction that is rolled back on any failure, so a
 * record is never half-written. Writes are serialised (one writer at a time), which keeps the audit
 * hash chain linear; the unique audit sequence catches a fork between cluster members.
 */
public final class Database implements AutoCloseable {
  private final DatabaseSettings settings;
  private final HikariDataSource dataSource;
  private final EntityManagerFactory emf;
  private final ReentrantLock writer = new ReentrantLock(true);

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
          .placeholders(Map.of("clob", settings.isPostgres() ? "text" : "clob"))
          .load()
          .migrate();
      Map<String, Object> properties = new HashMap<>();
      properties.put(PersistenceUnitProperties.NON_JTA_DATASOURCE, dataSource);
      properties.put(PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, "META-INF/jeugdpoort-persistence.xml");
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

  /** Runs {@code work} in one write transaction; on any exception nothing of it is kept. */
  public <T> T write(Function<EntityManager, T> work) {
    writer.lock();
    try {
      EntityManager em = emf.createEntityManager();
      EntityTransaction tx = em.getTransaction();
      try {
        tx.begin();
        T result = work.apply(em);
        tx.commit();
        return result;
      } catch (RuntimeException e) {
        if (tx.isActive()) {
          tx.rollback();
        }
        throw e;
      } finally {
        em.close();
      }
    } finally {
      writer.unlock();
    }
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
