package org.bulkdocs.worker.targets;

import static org.bulkdocs.testsupport.WebhookAssertions.assertBulkUrlsMessage;
import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.policy.DeliveryProperties;
import org.bulkdocs.worker.sending.WebhookMetrics;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.ScriptedEndpoint;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a delivery goes is decided at each attempt: the customer's stored settings (a fixed URL
 * applies to pending retries), the configured target as fallback, and the SSRF guard again at send
 * time, redirects included.
 */
class DeliveryTargetTest {

  private static final String CONFIGURED_KEY = "configured-key";
  private static final String STORED_KEY = "stored-key-" + UUID.randomUUID();

  private static InProcessS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  private static String newPatient(String cx) {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(cx + "/" + patient + "/" + cx + "_" + patient + "_doc.pdf", new byte[] {1, 2});
    return patient;
  }

  private static void store(CustomerSettingsStore settings, String cx, String url, String key, boolean enabled) {
    settings.update(cx, current -> new CustomerSettings(cx, url, key, "rev-" + UUID.randomUUID(), enabled, "set by the test", null));
  }

  @Test
  void aUrlFixedInTheSettingsAppliesToRetriesAlreadyPending() {
    String cx = "cx-" + UUID.randomUUID();
    String patient = newPatient(cx);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    AtomicReference<String> fixedUrl = new AtomicReference<>();
    try (WebhookReceiver fixed = new WebhookReceiver(() -> ref.get().now(), now -> 200);
        WebhookReceiver broken =
            new WebhookReceiver(
                () -> ref.get().now(),
                now -> {
                  // while the run waits to retry, the customer points its settings at a working URL
                  store(ref.get().settings(), cx, fixedUrl.get(), STORED_KEY, false);
                  return 503;
                });
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), cx, broken.url(), CONFIGURED_KEY, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      fixedUrl.set(fixed.url());
      String requestId = UUID.randomUUID().toString();

      fixture.startRun(cx, patient, requestId, Map.of("k", "v")).getResult(BulkDownloadResult.class);

      assertEquals(1, broken.attempts().size(), "the configured target got only the first attempt");
      assertEquals(1, fixed.attempts().size());
      assertSignatureVerifies(STORED_KEY, fixed.last());
      assertBulkUrlsMessage(fixed.last(), requestId, patient, "completed", Map.of("k", "v"));
      CustomerSettings settings = fixture.settings().find(cx).orElseThrow();
      assertTrue(settings.webhookEnabled(), "a delivery marks a stored endpoint as working");
      assertEquals("Webhook delivered (HTTP 200)", settings.webhookStatusDetail());
    }
  }

  @Test
  void eachCustomerGetsOnlyItsOwnMessagesSignedWithItsOwnKey() {
    String cxA = "cx-a-" + UUID.randomUUID();
    String cxB = "cx-b-" + UUID.randomUUID();
    String patientOfA = newPatient(cxA);
    try (WebhookReceiver endpointA = new WebhookReceiver(System::currentTimeMillis, now -> 200);
        WebhookReceiver endpointB = new WebhookReceiver(System::currentTimeMillis, now -> 200);
        WorkerFixture fixture = WorkerFixture.start(s3.properties(), cxA, null, null, WorkerFixture.defaultDelivery())) {
      store(fixture.settings(), cxA, endpointA.url(), "key-of-a", true);
      store(fixture.settings(), cxB, endpointB.url(), "key-of-b", true);
      String requestId = UUID.randomUUID().toString();

      fixture.startRun(cxA, patientOfA, requestId, Map.of()).getResult(BulkDownloadResult.class);

      assertEquals(1, endpointA.attempts().size());
      assertEquals(0, endpointB.attempts().size(), "customer B never receives customer A's patients");
      assertSignatureVerifies("key-of-a", endpointA.last());
      assertBulkUrlsMessage(endpointA.last(), requestId, patientOfA, "completed", Map.of());
    }
  }

  @Test
  void aCustomerWhoClearedItsUrlGetsNoWebhookEvenWithAConfiguredTarget() {
    String cx = "cx-" + UUID.randomUUID();
    String patient = newPatient(cx);
    var shortWindow =
        new DeliveryProperties(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(2), 3, Duration.ofSeconds(2), Duration.ofSeconds(30));
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (WebhookReceiver configured = new WebhookReceiver(() -> ref.get().now(), now -> 200);
        WorkerFixture fixture = WorkerFixture.start(s3.properties(), cx, configured.url(), CONFIGURED_KEY, shortWindow)) {
      ref.set(fixture);
      fixture.settings().update(cx, current -> new CustomerSettings(cx, null, null, "rev-cleared", false, "cleared", null));

      WorkflowStub stub = fixture.startRun(cx, patient, UUID.randomUUID().toString(), Map.of());
      WorkflowFailedException failure =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));

      assertTrue(
          assertInstanceOf(ApplicationFailure.class, failure.getCause()).getOriginalMessage()
              .contains("customer has no webhook URL configured"));
      assertEquals(0, configured.attempts().size());
    }
  }

  @Test
  void aStoredUrlWhoseNameNowResolvesToLoopbackIsRefusedAtSendTime() {
    String cx = "cx-" + UUID.randomUUID();
    String patient = newPatient(cx);
    try (WebhookReceiver receiver = new WebhookReceiver(System::currentTimeMillis, now -> 200);
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), cx, null, null, WorkerFixture.defaultDelivery(), false)) {
      // stored when the name pointed somewhere public; "localhost" stands for its DNS answer changing
      URI uri = URI.create(receiver.url());
      store(fixture.settings(), cx, "http://localhost:" + uri.getPort() + uri.getPath(), STORED_KEY, true);

      WorkflowStub stub = fixture.startRun(cx, patient, UUID.randomUUID().toString(), Map.of());
      WorkflowFailedException failure =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));

      String reason = assertInstanceOf(ApplicationFailure.class, failure.getCause()).getOriginalMessage();
      assertTrue(reason.contains("refused the message 3 times") && reason.contains("loopback"), reason);
      assertEquals(0, receiver.attempts().size(), "no request ever reached the loopback address");
      assertEquals(4.0, fixture.metrics().get(WebhookMetrics.DELIVERIES).tag("customer", cx).tag("outcome", WebhookMetrics.REJECTED).counter().count());
      CustomerSettings settings = fixture.settings().find(cx).orElseThrow();
      assertTrue(!settings.webhookEnabled() && settings.webhookStatusDetail().contains("loopback"), settings.toString());
    }
  }

  @Test
  void storedInternalLiteralsAndNonHttpUrlsAreRefusedAtSendTime() {
    for (String url : new String[] {"http://127.0.0.1:9/webhook", "http://[::1]:9/webhook", "http://169.254.169.254/latest/meta-data/", "https://10.1.2.3/hook", "ftp://203.0.113.10/not-http"}) {
      String cx = "cx-" + UUID.randomUUID();
      String patient = newPatient(cx);
      try (WorkerFixture fixture = WorkerFixture.start(s3.properties(), cx, null, null, WorkerFixture.defaultDelivery(), false)) {
        store(fixture.settings(), cx, url, STORED_KEY, true);
        WorkflowStub stub = fixture.startRun(cx, patient, UUID.randomUUID().toString(), Map.of());
        WorkflowFailedException failure =
            assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class), url);
        String reason = assertInstanceOf(ApplicationFailure.class, failure.getCause()).getOriginalMessage();
        assertTrue(reason.contains("refused the message 3 times"), url + ": " + reason);
        assertEquals(4.0, fixture.metrics().get(WebhookMetrics.DELIVERIES).tag("customer", cx).tag("outcome", WebhookMetrics.REJECTED).counter().count(), url);
      }
    }
  }

  @Test
  void aRedirectToLoopbackIsNotFollowedAndCountsAsARefusal() {
    String cx = "cx-" + UUID.randomUUID();
    String patient = newPatient(cx);
    try (WebhookReceiver internal = new WebhookReceiver(System::currentTimeMillis, now -> 200);
        ScriptedEndpoint redirecting =
            new ScriptedEndpoint(
                a -> ScriptedEndpoint.redirectTo("http://127.0.0.1:" + URI.create(internal.url()).getPort() + "/webhook"));
        // loopback allowed so that the redirecting endpoint itself is reachable in this test
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), cx, redirecting.url(), CONFIGURED_KEY, WorkerFixture.defaultDelivery())) {
      WorkflowStub stub = fixture.startRun(cx, patient, UUID.randomUUID().toString(), Map.of());
      WorkflowFailedException failure =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));

      String reason = assertInstanceOf(ApplicationFailure.class, failure.getCause()).getOriginalMessage();
      assertTrue(reason.contains("refused the message 3 times") && reason.contains("redirect"), reason);
      assertEquals(4, redirecting.attempts().size(), "3 refused deliveries and the failed notice");
      assertEquals(0, internal.attempts().size(), "the redirect target never got the signed body");
    }
  }
}
