package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.sending.WebhookSignature;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What receivers can rely on: every message carries its messageId as {@code webhook-id} next to both
 * signatures, the failed notice is a message of its own, and {@code 410 Gone} ends the retries.
 */
class DeliverySemanticsTest {

  private static final String CX = "cx-semantics";
  private static final String KEY = "semantics-webhook-key";
  private static final JsonMapper JSON = JsonMapper.builder().build();

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
  void everyAttemptCarriesTheStandardWebhooksHeadersForItsMessageId() throws Exception {
    List<WebhookReceiver.Attempt> attempts = runAgainst(now -> 400, null).attempts();

    assertEquals(4, attempts.size(), "3 refused deliveries, then the failed notice");
    for (WebhookReceiver.Attempt attempt : attempts) {
      String messageId = JSON.readTree(attempt.body()).get("meta").get("messageId").asString();
      assertEquals(messageId, attempt.webhookId());
      long timestamp = Long.parseLong(attempt.webhookTimestamp());
      assertTrue(Math.abs(System.currentTimeMillis() / 1000 - timestamp) < 300, "a current timestamp");
      assertEquals(
          WebhookSignature.standardWebhooks(KEY, messageId, timestamp, attempt.body()), attempt.webhookSignature());
      assertTrue(attempt.webhookSignature().startsWith("v1,"));
    }
  }

  @Test
  void theFailedNoticeHasAMessageIdOfItsOwnStableAcrossItsAttempts() throws Exception {
    List<WebhookReceiver.Attempt> attempts = runAgainst(now -> 400, null).attempts();

    List<JsonNode> bodies = attempts.stream().map(a -> JSON.readTree(a.body())).toList();
    Set<String> documentIds =
        bodies.subList(0, 3).stream().map(b -> b.get("meta").get("messageId").asString()).collect(Collectors.toSet());
    assertEquals(1, documentIds.size(), "the documents keep one messageId across attempts");
    JsonNode notice = bodies.get(3);
    assertEquals("failed", notice.get("patients").get(0).get("status").asString());
    assertNotEquals(documentIds.iterator().next(), notice.get("meta").get("messageId").asString());
    assertEquals(bodies.get(0).get("meta").get("requestId"), notice.get("meta").get("requestId"));
  }

  @Test
  void a410GoneStopsRetryingFailsTheRunWithoutANoticeAndDisablesTheWebhook() throws Exception {
    AtomicReference<WorkflowFailedException> failure = new AtomicReference<>();
    Outcome outcome = runAgainst(now -> 410, failure);

    assertEquals(1, outcome.attempts().size(), "nothing is sent after the 410");
    ApplicationFailure cause = (ApplicationFailure) failure.get().getCause();
    assertEquals(BulkDownloadWorkflowImpl.RUN_FAILED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("410 Gone"), cause.getOriginalMessage());
    CustomerSettings settings = outcome.settings();
    assertFalse(settings.webhookEnabled());
    assertTrue(settings.webhookStatusDetail().contains("410 Gone"), settings.webhookStatusDetail());
  }

  private record Outcome(List<WebhookReceiver.Attempt> attempts, CustomerSettings settings) {}

  /** One run for a fresh patient, with the customer's webhook in its stored settings. */
  private static Outcome runAgainst(ToIntFunction<Long> answer, AtomicReference<WorkflowFailedException> failure) {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {1});
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), answer);
        WorkerFixture fixture = WorkerFixture.start(s3.properties(), CX, null, null, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      fixture
          .settings()
          .update(CX, current -> new CustomerSettings(CX, receiver.url(), KEY, "rev-1", true, "working", null));
      WorkflowStub stub = fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of("k", "v"));
      WorkflowFailedException failed =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));
      if (failure != null) {
        failure.set(failed);
      }
      return new Outcome(receiver.attempts(), fixture.settings().find(CX).orElseThrow());
    }
  }
}
