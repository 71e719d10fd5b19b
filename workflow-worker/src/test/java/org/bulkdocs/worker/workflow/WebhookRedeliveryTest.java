package org.bulkdocs.worker.workflow;

import static org.bulkdocs.testsupport.WebhookAssertions.assertBulkUrlsMessage;
import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger.State;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The webhook ledger a run keeps, and POST /settings/webhook/retry's redelivery: the original
 * messageId, requestId and metadata, fresh URLs, and no collision with the patient's own runs.
 */
class WebhookRedeliveryTest {

  private static final String CX = "cx-redeliver";
  private static final String KEY = "redelivery-webhook-key";

  private static InProcessS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  private static Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("ticket", "T-77");
    metadata.put("source", "ünïcode ✓");
    return metadata;
  }

  @Test
  void aMessageIsProcessingWhileDeliveredAndLeavesTheLedgerOnceDelivered() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {1});
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    List<Integer> processingAtArrival = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    try (WebhookReceiver receiver =
            new WebhookReceiver(
                () -> ref.get().now(),
                now -> {
                  processingAtArrival.add(ref.get().ledger().count(CX, State.PROCESSING));
                  return calls.incrementAndGet() < 3 ? 503 : 200;
                });
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      int before = fixture.ledger().count(CX, State.PROCESSING);
      fixture.startRun(CX, patient, UUID.randomUUID().toString(), metadata()).getResult(BulkDownloadResult.class);

      assertEquals(List.of(before + 1, before + 1, before + 1), processingAtArrival, "counted while retrying");
      assertEquals(before, fixture.ledger().count(CX, State.PROCESSING));
      assertEquals(1, fixture.metrics().get("bulkdocs.webhook.deliveries").tag("customer", CX).tag("outcome", "delivered").counter().count());
      assertEquals(2, fixture.metrics().get("bulkdocs.webhook.deliveries").tag("customer", CX).tag("outcome", "unavailable").counter().count());
      assertEquals(3, fixture.metrics().timer("bulkdocs.webhook.delivery", "outcome", "delivered").count()
          + fixture.metrics().timer("bulkdocs.webhook.delivery", "outcome", "unavailable").count());
    }
  }

  @Test
  void aGivenUpMessageIsRedeliveredWithItsOriginalIdentityMetadataAndFreshUrls() {
    String patient = "patient-" + UUID.randomUUID();
    String key = CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf";
    byte[] content = "%PDF redelivered".getBytes(StandardCharsets.UTF_8);
    s3.put(key, content);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    AtomicInteger answer = new AtomicInteger(400);
    try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> answer.get());
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      String requestId = UUID.randomUUID().toString();
      WorkflowStub original = fixture.startRun(CX, patient, requestId, metadata());
      assertThrows(WorkflowFailedException.class, () -> original.getResult(BulkDownloadResult.class));
      // The documents' messageId is the one a redelivery keeps; the failed notice has its own.
      String messageId =
          assertBulkUrlsMessage(receiver.attempts().get(0), requestId, patient, "completed", metadata())
              .get("meta").get("messageId").asString();
      String noticeId =
          assertBulkUrlsMessage(receiver.last(), requestId, patient, "failed", metadata())
              .get("meta").get("messageId").asString();
      assertNotEquals(messageId, noticeId);

      LedgerEntry failed = fixture.ledger().find(CX, State.FAILED, messageId).orElseThrow();
      assertEquals(requestId, failed.requestId());
      assertEquals(patient, failed.patientId());
      assertEquals(metadata(), failed.metadata());
      assertTrue(failed.failureReason().contains("refused the message 3 times"), failed.failureReason());
      assertTrue(fixture.ledger().find(CX, State.PROCESSING, messageId).isEmpty());

      // the customer fixes the endpoint and calls POST /settings/webhook/retry
      answer.set(200);
      int attemptsBefore = receiver.attempts().size();
      WorkflowStub redelivery = fixture.startRedelivery(failed);
      BulkDownloadResult result = redelivery.getResult(BulkDownloadResult.class);

      assertEquals("completed", result.status());
      assertEquals(requestId, result.requestId());
      assertEquals(attemptsBefore + 1, receiver.attempts().size());
      WebhookReceiver.Attempt delivered = receiver.last();
      assertSignatureVerifies(KEY, delivered);
      JsonNode message = assertBulkUrlsMessage(delivered, requestId, patient, "completed", metadata());
      assertEquals(messageId, message.get("meta").get("messageId").asString(), "the original messageId");
      String url = message.get("patients").get(0).get("documents").get(0).get("url").asString();
      var download = s3.download(url);
      assertEquals(200, download.statusCode(), "a fresh URL: the original run's were never delivered");
      assertArrayEquals(content, download.body());

      assertTrue(fixture.ledger().find(CX, State.FAILED, messageId).isEmpty());
      assertTrue(fixture.ledger().find(CX, State.PROCESSING, messageId).isEmpty());
      assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId), "staging cleaned up");
      assertEquals(
          WebhookWorkflowIds.redelivery(messageId), redelivery.getExecution().getWorkflowId(),
          "not the patient's workflow ID: the patient can have a new run meanwhile");
      assertEquals(
          CX, redelivery.describe().getTypedSearchAttributes().get(BulkDownloadSearchAttributes.CUSTOMER_ID));

      String history = fixture.client().fetchHistory(redelivery.getExecution().getWorkflowId()).toJson(true);
      assertFalse(history.contains("X-Amz-Signature"), "no presigned URL in history");
      assertFalse(history.contains(KEY), "no webhook key in history");
      assertFalse(history.contains(receiver.url()), "no webhook URL in history");
    }
  }

  @Test
  void aRedeliveryThatFailsAgainStaysFailedForTheNextRetry() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {3});
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> 410);
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      WorkflowStub original = fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of());
      assertThrows(WorkflowFailedException.class, () -> original.getResult(BulkDownloadResult.class));
      LedgerEntry failed = fixture.ledger().entries(CX, State.FAILED, 1000).stream()
          .filter(e -> e.patientId().equals(patient)).findFirst().orElseThrow();

      WorkflowStub redelivery = fixture.startRedelivery(failed);
      assertThrows(WorkflowFailedException.class, () -> redelivery.getResult(BulkDownloadResult.class));

      LedgerEntry stillFailed = fixture.ledger().find(CX, State.FAILED, failed.messageId()).orElseThrow();
      assertEquals(failed.requestId(), stillFailed.requestId());
      assertTrue(fixture.ledger().find(CX, State.PROCESSING, failed.messageId()).isEmpty());
    }
  }
}
