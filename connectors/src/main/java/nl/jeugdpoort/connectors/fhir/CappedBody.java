package nl.jeugdpoort.connectors.fhir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a declared {@code Content-Length} over the limit is refused
 * before anything is read, and a stream that grows past it is cut off, so one answer never costs more than the
 * limit (plus one buffer).
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

  /** The bytes read, or {@code tooLarge} with nothing kept. */
  record Body(byte[] bytes, boolean tooLarge) {}

  static HttpResponse.BodyHandler<Body> handler(long maxBytes) {
    return info -> new CappedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  private final long maxBytes;
  private final long declared;
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private ByteArrayOutputStream buffer;
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
    buffer = new ByteArrayOutputStream((int) Math.max(256, Math.min(declared, 1 << 20)));
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + (long) item.remaining() > maxBytes) {
        subscription.cancel();
        buffer = null;
        result.complete(new Body(new byte[0], true));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      buffer.write(chunk, 0, chunk.length);
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
      result.complete(new Body(buffer.toByteArray(), false));
    }
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }
}
