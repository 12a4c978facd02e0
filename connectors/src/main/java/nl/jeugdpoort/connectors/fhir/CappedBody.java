package nl.jeugdpoort.connectors.fhir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a declared {@code Content-Length} over the limit
 * is refused before anything is read, and a stream that grows past it is cut off, so one answer
 * never costs more than the limit (plus one buffer).
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

  /** The bytes read, or {@code tooLarge} with nothing kept. */
  record Body(byte[] bytes, boolean tooLarge) {}

  static HttpResponse.BodyHandler<Body> handler(long maxBytes) {
    return info ->
        new CappedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  private final long maxBytes;
  private final long declared;
  private final CompletableFuture<Body> result = new CompletableFuture<>();

  /** Used when the length is not declared: grows as the stream comes in. */
  private ByteArrayOutputStream buffer;

  /** Used when the length is declared: exactly that size, no copies. */
  private byte[] exact;

  private int filled;
  private Flow.Subscription subscription;

  private CappedBody(long maxBytes, long declared) {
    this.maxBytes = maxBytes;
    this.declared = declared;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declared > maxBytes) {
      s.cancel();
      result.complete(new Body(new byte[0], true));
      return;
    }
    if (declared >= 0) {
      exact = new byte[(int) declared];
    } else {
      buffer = new ByteArrayOutputStream(8192);
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      long size = exact != null ? filled : buffer.size();
      if (size + item.remaining() > (exact != null ? exact.length : maxBytes)) {
        // Over the limit, or more than the source declared: nothing of it is kept.
        subscription.cancel();
        buffer = null;
        exact = null;
        result.complete(new Body(new byte[0], true));
        return;
      }
      if (exact != null) {
        int n = item.remaining();
        item.get(exact, filled, n);
        filled += n;
      } else {
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    if (!result.isDone()) {
      byte[] bytes =
          exact != null
              ? (filled == exact.length ? exact : java.util.Arrays.copyOf(exact, filled))
              : buffer.toByteArray();
      result.complete(new Body(bytes, false));
    }
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }
}
