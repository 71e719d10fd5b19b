package org.bulkdocs.worker.workflow;

import static org.bulkdocs.testsupport.WebhookAssertions.assertBulkUrlsMessage;
import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.TcpProxy;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.policy.DeliveryProperties;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * S3 really cut off (a TCP proxy between the worker and S3Proxy that refuses connections) for hours of
 * the time-skipping server's clock: the run waits for it and delivers once it is back.
 */
class OutageTest {

  private static final String CX = "cx-outage";
  private static final String KEY = "whsec-outage";

  private static InProcessS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Test
  void waitsOutASixHourS3OutageThenDeliversWithFreshUrls() throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    String key = CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf";
    byte[] content = "%PDF outage".getBytes(StandardCharsets.UTF_8);
    s3.put(key, content);
    // The outage backoff's ceiling is raised so that six hours take a few dozen tries here; the default
    // (30 s) only means more of them.
    var delivery =
        new DeliveryProperties(
            Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), 3, Duration.ofSeconds(2), Duration.ofMinutes(20));
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (TcpProxy link = new TcpProxy(s3.endpoint().getPort());
        WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> 200);
        WorkerFixture fixture =
            WorkerFixture.start(s3.propertiesVia(link.port()), CX, receiver.url(), KEY, delivery)) {
      ref.set(fixture);
      link.cut();
      long cutAt = fixture.now();
      fixture.after(Duration.ofHours(6), () -> restore(link));

      String requestId = UUID.randomUUID().toString();
      WorkflowStub stub = fixture.startRun(CX, patient, requestId, Map.of("ticket", "T-6h"));
      BulkDownloadResult result = stub.getResult(BulkDownloadResult.class);

      assertEquals("completed", result.status());
      assertEquals(1, result.deliveryAttempts(), "waiting for S3 is not a delivery attempt");
      List<WebhookReceiver.Attempt> attempts = receiver.attempts();
      assertEquals(1, attempts.size(), "one message, and no failed notice");
      WebhookReceiver.Attempt delivered = attempts.get(0);
      assertTrue(
          delivered.arrivedAtMillis() - cutAt >= Duration.ofHours(6).toMillis(),
          "delivered " + Duration.ofMillis(delivered.arrivedAtMillis() - cutAt) + " after the cut");
      assertTrue(
          delivered.arrivedAtMillis() - cutAt < Duration.ofHours(6).plus(Duration.ofMinutes(21)).toMillis(),
          "delivered within one outage backoff of S3's return");
      assertSignatureVerifies(KEY, delivered);
      assertBulkUrlsMessage(delivered, requestId, patient, "completed", Map.of("ticket", "T-6h"));
      String url =
          JsonMapper.builder().build().readTree(delivered.body()).get("patients").get(0).get("documents").get(0)
              .get("url").asString();
      var download = s3.download(url);
      assertEquals(200, download.statusCode(), "URLs signed when S3 was back, valid now");
      assertArrayEquals(content, download.body());

      List<HistoryEvent> events = fixture.client().fetchHistory(patient).getEvents();
      long listingFailures =
          events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).count();
      long waits = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED).count();
      assertTrue(listingFailures >= 5, "the listing was tried again and again: " + listingFailures);
      assertEquals(listingFailures, waits, "each failed listing is followed by one wait");
      assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId), "staging cleaned up");
    }
  }

  private static void restore(TcpProxy link) {
    try {
      link.restore();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
