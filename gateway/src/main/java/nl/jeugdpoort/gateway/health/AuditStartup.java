package nl.jeugdpoort.gateway.health;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.gateway.audit.AuditChainer;
import nl.jeugdpoort.gateway.audit.AuditCheckpoints;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Once the database is migrated: starts the audit chainer on a container-managed thread, and signs
 * a checkpoint of the chain head every {@code jeugdpoort.audit.checkpoint-interval} when the head
 * moved (docs/audit.md).
 */
@ApplicationScoped
public class AuditStartup {
  private static final Logger LOG = Logger.getLogger(AuditStartup.class.getName());

  @Inject AuditChainer chainer;
  @Inject AuditCheckpoints checkpoints;

  @Inject
  @ConfigProperty(name = "jeugdpoort.audit.checkpoint-interval", defaultValue = "PT1H")
  String checkpointInterval;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> signing;

  void onDatabaseReady(@Observes StartupEvents.DatabaseReady ready) {
    chainer.start(threads);
    long every = Duration.parse(checkpointInterval).toMillis();
    if (every <= 0) {
      throw new IllegalArgumentException(
          "jeugdpoort.audit.checkpoint-interval must be positive, not " + checkpointInterval);
    }
    signing =
        scheduler.scheduleAtFixedRate(
            () -> {
              try {
                checkpoints.signIfMoved();
              } catch (RuntimeException e) {
                LOG.log(
                    Level.WARNING,
                    "audit checkpoint not signed; tried again at the next interval",
                    e);
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (signing != null) {
      signing.cancel(false);
    }
    chainer.close();
  }
}
