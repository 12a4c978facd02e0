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

  void onStart(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @Initialized(ApplicationScoped.class)
          Object event) {
    long start = System.nanoTime();
    executor.submit(
        () -> {
          try {
            validator.get().validate(warmUpTask(), Profiles.DATA_REQUEST);
          } catch (RuntimeException e) {
            // Fail closed: a validator that cannot validate would refuse every data request;
            // the gateway does not become ready.
            LOG.log(Level.SEVERE, "Jeugdpoort: the FHIR validator cannot validate; not ready", e);
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

  private static Task warmUpTask() {
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
    task.getFor().getIdentifier().setSystem(Vocabulary.BSN).setValue("111222333");
    task.getOwner().getIdentifier().setSystem(Vocabulary.ORGANISATION).setValue("wijkteam-noord");
    return task;
  }
}
