package org.bulkdocs.worker.ping;

import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.contract.ping.WebhookPingResult;
import org.bulkdocs.testsupport.OfficialSdk;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.ScriptedEndpoint;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The ping the API starts after POST /settings, through the real worker, HTTP and settings store. */
class WebhookPingWorkflowTest {

  private static final String KEY = "ping-key-" + UUID.randomUUID();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static InProcessS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  /** The outcome of pinging an endpoint that answers with {@code answer}, and what it received. */
  private record Pinged(WebhookPingResult result, CustomerSettings settings, List<WebhookReceiver.Attempt> requests) {}

  private static Pinged ping(boolean allowPrivate, Function<WebhookReceiver.Attempt, MockResponse> answer, Function<String, String> urlOf) {
    String cx = "cx-" + UUID.randomUUID();
    try (ScriptedEndpoint endpoint = new ScriptedEndpoint(answer);
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), cx, null, null, WorkerFixture.defaultDelivery(), allowPrivate)) {
      storeSettings(fixture, cx, urlOf.apply(endpoint.url()), "rev-1");
      WebhookPingResult result = fixture.ping(cx, "rev-1");
      return new Pinged(result, fixture.settings().find(cx).orElseThrow(), endpoint.attempts());
    }
  }

  /** The endpoint's URL with another host (same port and path). */
  static String withHost(String url, String host) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + host + ":" + uri.getPort() + uri.getPath();
  }

  private static void storeSettings(WorkerFixture fixture, String cx, String url, String revision) {
    fixture.settings()
        .update(cx, current -> new CustomerSettings(cx, url, KEY, revision, false, "waiting for the ping", null));
  }

  @Test
  void anEndpointThatAnswersItsPongIsEnabled() {
    Pinged pinged = ping(true, ScriptedEndpoint::pong, url -> url);

    assertTrue(pinged.result().sent());
    assertTrue(pinged.result().webhookEnabled());
    assertTrue(pinged.settings().webhookEnabled());
    assertEquals("Webhook endpoint answered the ping", pinged.settings().webhookStatusDetail());

    assertEquals(1, pinged.requests().size());
    WebhookReceiver.Attempt request = pinged.requests().get(0);
    assertSignatureVerifies(KEY, request);
    JsonNode body = JSON.readTree(request.body());
    assertEquals(List.of("ping", "meta"), List.copyOf(body.propertyNames()));
    assertTrue(body.get("ping").asString().length() >= 16);
    assertEquals("ping", body.get("meta").get("type").asString());
    UUID.fromString(body.get("meta").get("messageId").asString());
    Instant.parse(body.get("meta").get("when").asString());
    // Metriport's own SDK verifies the signature and parses it as a ping
    JsonNode sdk = OfficialSdk.acceptWebhook(KEY, request);
    assertEquals("ping", sdk.get("type").asString());
    assertEquals(body.get("ping").asString(), sdk.get("ping").asString());
  }

  @Test
  void aWrongOrMissingPongDisablesTheWebhook() {
    for (Function<WebhookReceiver.Attempt, MockResponse> answer :
        List.<Function<WebhookReceiver.Attempt, MockResponse>>of(
            a -> ScriptedEndpoint.json(200, "{\"pong\":\"something else\"}"),
            a -> ScriptedEndpoint.json(200, "{}"),
            a -> ScriptedEndpoint.json(200, "not json"),
            a -> ScriptedEndpoint.json(200, "{\"pong\":42}"))) {
      Pinged pinged = ping(true, answer, url -> url);
      assertTrue(pinged.result().sent());
      assertFalse(pinged.settings().webhookEnabled());
      assertEquals(
          "Webhook endpoint did not answer the ping with {\"pong\":\"<the ping value>\"}",
          pinged.settings().webhookStatusDetail());
    }
  }

  @Test
  void anErrorStatusDisablesTheWebhook() {
    Pinged pinged = ping(true, a -> ScriptedEndpoint.json(404, "{}"), url -> url);
    assertFalse(pinged.settings().webhookEnabled());
    assertEquals("Webhook endpoint answered the ping with HTTP 404", pinged.settings().webhookStatusDetail());
  }

  @Test
  void anOversizedAnswerIsNotReadToTheEnd() {
    String huge = "{\"pong\":\"" + "x".repeat(WebhookPingActivitiesImpl.MAX_ANSWER_BYTES * 4) + "\"}";
    Pinged pinged = ping(true, a -> ScriptedEndpoint.json(200, huge), url -> url);
    assertFalse(pinged.settings().webhookEnabled());
    assertTrue(pinged.settings().webhookStatusDetail().contains("more than"), pinged.settings().webhookStatusDetail());
  }

  @Test
  void aRedirectIsNotFollowed() {
    try (ScriptedEndpoint elsewhere = new ScriptedEndpoint(ScriptedEndpoint::pong)) {
      Pinged pinged = ping(true, a -> ScriptedEndpoint.redirectTo("http://127.0.0.1:" + elsewhere.port() + "/webhook"), url -> url);
      assertFalse(pinged.settings().webhookEnabled());
      assertEquals(
          "Webhook endpoint answered the ping with a redirect (HTTP 302), which is not followed",
          pinged.settings().webhookStatusDetail());
      assertEquals(0, elsewhere.attempts().size(), "the redirect target never got the signed body");
    }
  }

  @Test
  void aStoredUrlWhoseNameNowResolvesToLoopbackIsRefusedAtSendTime() {
    // The API only stores URLs whose host resolves to a public address; "localhost" stands for a name
    // whose DNS answer changed to 127.0.0.1 afterwards.
    Pinged pinged = ping(false, ScriptedEndpoint::pong, url -> withHost(url, "localhost"));
    assertFalse(pinged.settings().webhookEnabled());
    assertTrue(pinged.settings().webhookStatusDetail().startsWith("Webhook URL refused"), pinged.settings().webhookStatusDetail());
    assertEquals(0, pinged.requests().size(), "nothing was sent");
  }

  @Test
  void aLoopbackLiteralIsRefusedAtSendTime() {
    for (String literal : new String[] {"127.0.0.1", "[::1]"}) {
      Pinged pinged = ping(false, ScriptedEndpoint::pong, url -> withHost(url, literal));
      assertFalse(pinged.settings().webhookEnabled(), literal);
      assertTrue(pinged.settings().webhookStatusDetail().startsWith("Webhook URL refused"), literal);
      assertEquals(0, pinged.requests().size(), literal);
    }
  }

  @Test
  void aPingForSettingsThatChangedSinceIsNeitherSentNorRecorded() {
    String cx = "cx-" + UUID.randomUUID();
    try (ScriptedEndpoint endpoint = new ScriptedEndpoint(ScriptedEndpoint::pong);
        WorkerFixture fixture = WorkerFixture.start(s3.properties(), cx, null, null, WorkerFixture.defaultDelivery())) {
      storeSettings(fixture, cx, endpoint.url(), "rev-2");

      WebhookPingResult result = fixture.ping(cx, "rev-1");

      assertFalse(result.sent());
      assertEquals(0, endpoint.attempts().size());
      CustomerSettings settings = fixture.settings().find(cx).orElseThrow();
      assertFalse(settings.webhookEnabled());
      assertEquals("waiting for the ping", settings.webhookStatusDetail());
    }
  }
}
