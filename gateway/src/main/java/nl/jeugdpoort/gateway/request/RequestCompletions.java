package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The short synchronous wait of {@code POST /fhir/Task} (#16.3): a caller waits, at most a
 * configured few hundred milliseconds, until a pass of its request through the route on this member
 * has ended. Only a wake-up: the caller reads the request from the database afterwards, so a pass
 * on another member simply lets the wait run out.
 */
@ApplicationScoped
public class RequestCompletions {
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

  /**
   * Waits until a pass of {@code requestId} ended here, or {@code atMost} passed; then forgets it.
   */
  public void await(String requestId, Duration atMost) {
    CompletableFuture<Void> f = waiting.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    try {
      f.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the wait ran out: the caller answers with the request as it stands
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.remove(requestId);
    }
  }

  /** A pass of {@code requestId} ended on this member. */
  public void passEnded(String requestId) {
    CompletableFuture<Void> f = waiting.get(requestId);
    if (f != null) {
      f.complete(null);
    }
  }
}
