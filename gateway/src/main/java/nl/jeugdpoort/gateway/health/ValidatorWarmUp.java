package nl.jeugdpoort.gateway.health;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import org.hl7.fhir.r4.model.Task;

/**
 * Warms the FHIR validator — the first validation builds the package's snapshots and HAPI's caches,
 * seconds of work — from the first moment of the application's start, on another thread, beside the
 * database migrations, the demo's seeding and the routes (issue #16, item 6: it was the longest
 * step of the start). It depends on nothing but the validator, so that it starts before {@link
 * GatewayStartup}'s dependencies (the database) are made; readiness waits for it ({@link
 * #isWarm()}, then the event {@link Warm}).
 */
@ApplicationScoped
public class ValidatorWarmUp {
  private static final Logger LOG = Logger.getLogger(ValidatorWarmUp.class.getName());

  /** The validator is warm. */
  public record Warm() {}

  @Inject Instance<JeugdpoortValidator> validator;
  @Inject Event<Warm> warm;
  @Resource ManagedExecutorService executor;

  private volatile boolean isWarm;
  private volatile Future<?> running;

  void onStart(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @Initialized(ApplicationScoped.class)
          Object event) {
    long start = System.nanoTime();
    running =
        executor.submit(
            () -> {
              try {
                validator.get().validate(warmUpTask(), Profiles.DATA_REQUEST);
              } catch (RuntimeException | LinkageError e) {
                // Fail closed: a validator that cannot validate would refuse every data request;
                // the gateway does not become ready.
                LOG.log(
                    Level.SEVERE, "Jeugdpoort: the FHIR validator cannot validate; not ready", e);
                return;
              }
              isWarm = true;
              LOG.info(
                  "Jeugdpoort: FHIR validator warm in "
                      + (System.nanoTime() - start) / 1_000_000
                      + " ms");
              warm.fire(new Warm());
            });
  }

  public boolean isWarm() {
    return isWarm;
  }

  /**
   * Waits, at most {@code limit}, until the warm-up has ended (warm or failed). The start-up
   * observer calls it last, so that the warm-up never outlives the deployment: classes it loaded
   * while Payara was finishing the deployment have failed with "zip file closed" (a class whose
   * initialisation fails stays unusable until a restart; seen once in LifecycleIT).
   */
  public void awaitEnd(Duration limit) {
    Future<?> warmUp = running;
    if (warmUp == null) {
      return;
    }
    try {
      warmUp.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "Jeugdpoort: the FHIR validator's warm-up has not ended", e);
    }
  }

  private static Task warmUpTask() {
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
    task.getFor().getIdentifier().setSystem(Vocabulary.BSN).setValue("111222333");
    task.getOwner().getIdentifier().setSystem(Vocabulary.ORGANISATION).setValue("wijkteam-noord");
    return task;
  }
}
