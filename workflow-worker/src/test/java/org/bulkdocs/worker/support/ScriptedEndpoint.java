package org.bulkdocs.worker.support;

import org.bulkdocs.testsupport.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer endpoint whose every answer the test scripts (status, headers, body), recording each
 * request like {@link WebhookReceiver}. For pings, redirects and anything else a status code alone
 * cannot express.
 */
public final class ScriptedEndpoint implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MockWebServer server = new MockWebServer();
  private final List<WebhookReceiver.Attempt> attempts = new CopyOnWriteArrayList<>();

  public ScriptedEndpoint(Function<WebhookReceiver.Attempt, MockResponse> answer) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            var attempt = WebhookReceiver.Attempt.of(request, System.currentTimeMillis());
            attempts.add(attempt);
            return answer.apply(attempt);
          }
        });
    try {
      server.start(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a well-behaved Metriport customer endpoint answers to a ping: its value, as {"pong": ...}. */
  public static MockResponse pong(WebhookReceiver.Attempt ping) {
    String value = JSON.readTree(ping.body()).get("ping").asString();
    return json(200, "{\"pong\":\"" + value + "\"}");
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("content-type", "application/json").body(body).build();
  }

  public static MockResponse redirectTo(String location) {
    return new MockResponse.Builder().code(302).addHeader("Location", location).build();
  }

  public String url() {
    return server.url("/webhook").toString();
  }

  public int port() {
    return server.getPort();
  }

  public List<WebhookReceiver.Attempt> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public void close() {
    server.close();
  }
}
