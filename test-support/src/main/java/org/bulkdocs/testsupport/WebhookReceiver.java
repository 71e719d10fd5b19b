package org.bulkdocs.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The customer's webhook endpoint: records every attempt (exact body bytes, signature header and
 * the workflow clock at arrival) and answers with whatever status the test decides.
 */
public final class WebhookReceiver implements AutoCloseable {

  /**
   * One POST as received: the exact body, {@code x-metriport-signature}, and the Standard Webhooks
   * headers {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}.
   */
  public record Attempt(
      byte[] body,
      String signature,
      String contentType,
      long arrivedAtMillis,
      String webhookId,
      String webhookTimestamp,
      String webhookSignature) {

    public static Attempt of(RecordedRequest request, long arrivedAtMillis) {
      return new Attempt(
          request.getBody() == null ? new byte[0] : request.getBody().toByteArray(),
          request.getHeaders().get("x-metriport-signature"),
          request.getHeaders().get("content-type"),
          arrivedAtMillis,
          request.getHeaders().get("webhook-id"),
          request.getHeaders().get("webhook-timestamp"),
          request.getHeaders().get("webhook-signature"));
    }

    public String bodyText() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  /**
   * @param clock the workflow clock (time-skipping test server), so tests reason in workflow time
   * @param answer HTTP status for the n-th (0-based) attempt's arrival time
   */
  public WebhookReceiver(LongSupplier clock, ToIntFunction<Long> answer) {
    server.setBodyLimit(Long.MAX_VALUE);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            long now = clock.getAsLong();
            attempts.add(Attempt.of(request, now));
            return new MockResponse.Builder().code(answer.applyAsInt(now)).body("{}").build();
          }
        });
    try {
      server.start(0);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return server.url("/webhook").toString();
  }

  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  public Attempt last() {
    return attempts.get(attempts.size() - 1);
  }

  @Override
  public void close() {
    server.close();
  }
}
