package nl.jeugdpoort.gateway.config;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import nl.jeugdpoort.gateway.audit.AuditChainer;
import nl.jeugdpoort.gateway.health.StartupEvents;

/**
 * Starts the audit chainer once the database is migrated, on a container-managed thread
 * (docs/audit.md).
 */
@ApplicationScoped
public class AuditStartup {
  @Inject AuditChainer chainer;

  @Resource ManagedThreadFactory threads;

  void onDatabaseReady(@Observes StartupEvents.DatabaseReady ready) {
    chainer.start(threads);
  }

  @PreDestroy
  void stop() {
    chainer.close();
  }
}
