package org.bulkdocs.worker.workflow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.DocumentDates;
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
 * What a customer gets after the webhook, from the worker's side: the delivery log it reads, a run it
 * cancels, the documents of the dates it asked for, a key rotation that no receiver notices, and URLs
 * valid for as long as it chose.
 */
class AfterTheWebhookTest {

  private static final String CX = "cx-after";
  private static final String KEY = "after-webhook-key";
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
  void theDeliveryLogCountsEachMessagesAttemptsAndKeepsWhatARedeliveryNeeds() throws Exception {
    String patient = patientWithOneDocument();
    // the first attempt meets a 503, the second gets through
    int[] calls = {0};
    try (Receiving run = receiving(now -> calls[0]++ == 0 ? 503 : 200);
        WorkerFixture fixture = run.fixture()) {
      String requestId = UUID.randomUUID().toString();
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("b", "2");
      metadata.put("a", "1");
      fixture.startRun(CX, patient, requestId, metadata).getResult(BulkDownloadResult.class);

      List<WebhookReceiver.Attempt> attempts = run.receiver().attempts();
      assertEquals(2, attempts.size());
      String messageId = JSON.readTree(attempts.get(1).body()).get("meta").get("messageId").asString();
      LoggedRequest logged = fixture.requests().find(CX, messageId).orElseThrow();
      assertEquals(LoggedRequest.SUCCESS, logged.status());
      assertEquals(2, logged.attempts(), "the entry of the first attempt was counted on, not written twice");
      assertEquals(1, fixture.requests().keys(CX).stream().filter(k -> k.messageId().equals(messageId)).count());
      assertEquals(200, logged.lastHttpStatus());
      assertNull(logged.lastError());
      assertEquals("medical.document-bulk-download-urls", logged.type());
      assertEquals(requestId, logged.requestId());
      assertEquals(patient, logged.patientId());
      assertEquals(messageId, logged.runMessageId());
      assertEquals(List.of("b", "a"), List.copyOf(logged.metadata().keySet()), "the metadata as sent, in order");
      assertFalse(JSON.writeValueAsString(logged).contains("http"), "no URL in the log: " + JSON.writeValueAsString(logged));
    }
  }

  @Test
  void aCancelledRunStopsItsAttemptInFlightSendsNothingMoreAndDeletesWhatItStaged() throws Exception {
    String patient = patientWithOneDocument();
    List<RecordedRequest> arrived = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (MockWebServer silent = new MockWebServer()) {
      silent.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              arrived.add(request);
              release.await(2, TimeUnit.MINUTES); // an endpoint that never answers
              return new MockResponse.Builder().code(200).build();
            }
          });
      silent.start(0);
      try (WorkerFixture fixture = WorkerFixture.start(s3.properties(), CX, null, null, WorkerFixture.defaultDelivery())) {
        storeSettings(fixture, silent.url("/webhook").toString(), KEY, null, null, null);
        String requestId = UUID.randomUUID().toString();
        WorkflowStub run = fixture.startRun(CX, patient, requestId, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> arrived.size() == 1);

        run.cancel("cancelled by the customer");

        WorkflowFailedException failed =
            assertThrows(WorkflowFailedException.class, () -> run.getResult(30, TimeUnit.SECONDS, BulkDownloadResult.class));
        assertTrue(failed.getCause() instanceof CanceledFailure, String.valueOf(failed.getCause()));
        assertEquals(1, arrived.size(), "no attempt after the cancellation");
        // every activity the run scheduled ended before the run did: nothing of it runs on afterwards
        List<HistoryEvent> history =
            fixture.client().fetchHistory(patient).getHistory().getEventsList();
        long scheduled = history.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).count();
        long ended =
            history.stream()
                .filter(
                    e ->
                        e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                            || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
                            || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED
                            || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)
                .count();
        assertEquals(scheduled, ended, "an activity of the run was still open when it ended");
        assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId + "/"), "the run's staged data is deleted");
        assertEquals(0, fixture.ledger().count(CX, WebhookLedger.State.PROCESSING));
        assertEquals(0, fixture.ledger().count(CX, WebhookLedger.State.FAILED), "a cancelled message is not owed");
        assertEquals(1, fixture.ledger().count(CX, WebhookLedger.State.CANCELLED));
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void onlyTheDocumentsOfTheAskedDatesAreDeliveredAndEachMessageSaysWhichDates() throws Exception {
    String patient = patientWithOneDocument();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    try (Receiving run = receiving(now -> 200);
        WorkerFixture fixture = run.fixture()) {
      fixture
          .startRun(CX, patient, UUID.randomUUID().toString(), Map.of(), new DocumentDates(today, today))
          .getResult(BulkDownloadResult.class);
      fixture
          .startRun(CX, patient, UUID.randomUUID().toString(), Map.of(), new DocumentDates(tomorrow, null))
          .getResult(BulkDownloadResult.class);

      JsonNode both = JSON.readTree(run.receiver().attempts().get(0).body()).get("patients").get(0);
      assertEquals(1, both.get("documents").size(), "both ends are inclusive");
      assertEquals(today, both.get("filters").get("dateFrom").asString());
      assertEquals(today, both.get("filters").get("dateTo").asString());
      JsonNode later = JSON.readTree(run.receiver().attempts().get(1).body()).get("patients").get(0);
      assertEquals(0, later.get("documents").size(), "a document of today is not from tomorrow on");
      assertEquals(tomorrow, later.get("filters").get("dateFrom").asString());
      assertFalse(later.get("filters").has("dateTo"));
    }
  }

  @Test
  void duringARotationsOverlapEachKeyVerifiesAndTheUrlsLastAsLongAsTheCustomerChose() throws Exception {
    String patient = patientWithOneDocument();
    try (Receiving run = receiving(now -> 200);
        WorkerFixture fixture = run.fixture()) {
      storeSettings(fixture, run.receiver().url(), "new-key", "old-key", Instant.now().plus(Duration.ofHours(1)).toString(), 30);
      fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of()).getResult(BulkDownloadResult.class);

      WebhookReceiver.Attempt attempt = run.receiver().last();
      long timestamp = Long.parseLong(attempt.webhookTimestamp());
      assertEquals(
          WebhookSignature.standardWebhooks("new-key", attempt.webhookId(), timestamp, attempt.body()) + " "
              + WebhookSignature.standardWebhooks("old-key", attempt.webhookId(), timestamp, attempt.body()),
          attempt.webhookSignature(),
          "one v1 signature per key, the new key's first");
      assertEquals(WebhookSignature.sign("old-key", attempt.body()), attempt.signature(),
          "x-metriport-signature stays under the previous key until the overlap ends");

      JsonNode entry = JSON.readTree(attempt.body()).get("patients").get(0);
      Instant validUntil = Instant.parse(entry.get("urlsValidUntil").asString());
      assertTrue(
          Math.abs(Duration.between(Instant.now().plus(Duration.ofMinutes(30)), validUntil).toSeconds()) < 120,
          "the customer's 30 minutes, not the deployment's hour: " + validUntil);
      assertTrue(entry.get("documents").get(0).get("url").asString().contains("X-Amz-Expires=1800"));

      // once the overlap is over, only the new key signs
      storeSettings(fixture, run.receiver().url(), "new-key", "old-key", Instant.now().minusSeconds(1).toString(), null);
      fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of()).getResult(BulkDownloadResult.class);
      WebhookReceiver.Attempt after = run.receiver().last();
      assertEquals(WebhookSignature.sign("new-key", after.body()), after.signature());
      assertFalse(after.webhookSignature().contains(" "), after.webhookSignature());
    }
  }

  @Test
  void aRedeliveryOfAPagedRunSendsTheSamePagesUnderTheSameIdsAfterThePageSizeChanged() throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc" + i + ".pdf", new byte[] {1});
    }
    try (Receiving run = receiving(now -> 200);
        WorkerFixture fixture = run.fixture()) {
      fixture.settings().update(CX, current -> current.orElseThrow().withPageSize(1));
      String requestId = UUID.randomUUID().toString();
      fixture.startRun(CX, patient, requestId, Map.of()).getResult(BulkDownloadResult.class);
      List<String> sent = messageIds(run.receiver().attempts());
      assertEquals(3, sent.size(), "3 pages of 1 document");
      String runMessageId = fixture.requests().find(CX, sent.get(0)).orElseThrow().runMessageId();

      // the customer goes back to one message; the ledger entry of a given-up run is what a retry reads
      fixture.settings().update(CX, current -> current.orElseThrow().withPageSize(null));
      fixture
          .startRedelivery(
              org.bulkdocs.common.state.ledger.LedgerEntry.processing(CX, patient, requestId, runMessageId, Map.of())
                  .failed("given up"))
          .getResult(BulkDownloadResult.class);

      List<String> again = messageIds(run.receiver().attempts()).subList(3, 6);
      assertEquals(sent, again, "the same pages, under the ids the customer saw, in order");
    }
  }

  private static List<String> messageIds(List<WebhookReceiver.Attempt> attempts) {
    return attempts.stream().map(a -> JSON.readTree(a.body()).get("meta").get("messageId").asString()).toList();
  }

  private record Receiving(WebhookReceiver receiver, WorkerFixture fixture) implements AutoCloseable {
    @Override
    public void close() {
      receiver.close();
    }
  }

  /** A receiver answering {@code answer}, and a worker whose customer's stored webhook is that receiver. */
  private static Receiving receiving(ToIntFunction<Long> answer) {
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), answer);
    WorkerFixture fixture = WorkerFixture.start(s3.properties(), CX, null, null, WorkerFixture.defaultDelivery());
    ref.set(fixture);
    storeSettings(fixture, receiver.url(), KEY, null, null, null);
    return new Receiving(receiver, fixture);
  }

  private static void storeSettings(
      WorkerFixture fixture, String url, String key, String previousKey, String previousUntil, Integer urlMinutes) {
    fixture
        .settings()
        .update(
            CX,
            current -> new CustomerSettings(CX, url, key, "rev-1", true, "working", null, null, previousKey, previousUntil, urlMinutes));
  }

  private static String patientWithOneDocument() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {1});
    return patient;
  }
}
