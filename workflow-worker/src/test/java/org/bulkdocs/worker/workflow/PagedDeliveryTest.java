package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.testsupport.OfficialSdk;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paged delivery, as the customer's handler sees it: Metriport's SDK accepts every page, pages come in
 * order with their own messageId, each page is retried on its own, and a page refused for good fails
 * the run visibly, with the failed notice.
 */
class PagedDeliveryTest {

  private static final String CX = "cx-paged";
  private static final String KEY = "paged-webhook-key";
  private static final Map<String, String> METADATA = Map.of("batch", "paged");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static InProcessS3 s3;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static String patientWith(int documents) {
    return patientWith(CX, documents);
  }

  private static String patientWith(String cx, int documents) {
    String patient = "patient-" + UUID.randomUUID();
    for (int i = 0; i < documents; i++) {
      s3.put(cx + "/" + patient + "/" + cx + "_" + patient + "_doc " + i + ".pdf", ("%PDF " + i).getBytes(StandardCharsets.UTF_8));
    }
    return patient;
  }

  /** Answers the n-th attempt (0-based) with {@code answers[n]}, 200 past the end. */
  private record Endpoint(WebhookReceiver receiver, AtomicInteger calls) {}

  private static Endpoint endpoint(AtomicReference<WorkerFixture> fixture, int... answers) {
    AtomicInteger calls = new AtomicInteger();
    WebhookReceiver receiver =
        new WebhookReceiver(
            () -> fixture.get().now(),
            now -> {
              int n = calls.getAndIncrement();
              return n < answers.length ? answers[n] : 200;
            });
    return new Endpoint(receiver, calls);
  }

  @Test
  void everyPageIsSdkValidInOrderWithItsOwnMessageIdAndWorkingUrls() throws Exception {
    String patient = patientWith(5);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    Endpoint endpoint = endpoint(ref);
    try (WebhookReceiver receiver = endpoint.receiver();
        WorkerFixture fixture =
            WorkerFixture.start(
                s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery(), true,
                new WorkerFixture.Paging(2, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES))) {
      ref.set(fixture);
      String requestId = UUID.randomUUID().toString();
      WorkflowStub stub = fixture.startRun(CX, patient, requestId, METADATA);
      BulkDownloadResult result = stub.getResult(BulkDownloadResult.class);
      assertEquals("completed", result.status());
      assertEquals(5, result.documentCount());

      List<WebhookReceiver.Attempt> pages = receiver.attempts();
      assertEquals(3, pages.size());
      Set<String> messageIds = new HashSet<>();
      List<Integer> sizes = new ArrayList<>();
      for (int i = 0; i < pages.size(); i++) {
        JsonNode summary = OfficialSdk.acceptWebhook(KEY, pages.get(i));
        assertEquals("medical.document-bulk-download-paged", summary.get("type").asString());
        assertEquals(requestId, summary.get("requestId").asString());
        assertEquals("paged", summary.get("data").get("batch").asString());
        messageIds.add(summary.get("messageId").asString());
        JsonNode entry = summary.get("patients").get(0);
        assertEquals("completed", entry.get("status").asString());
        assertEquals(i + 1, entry.get("pagination").get("page").asInt(), "pages in order");
        assertEquals(3, entry.get("pagination").get("totalPages").asInt());
        assertEquals(5, entry.get("pagination").get("totalItems").asInt());
        assertEquals(entry.get("documents").asInt(), entry.get("downloadUrls").asInt());
        sizes.add(entry.get("documents").asInt());
        JsonNode first = JSON.readTree(pages.get(i).body()).get("patients").get(0).get("documents").get(0);
        assertEquals(200, s3.download(first.get("downloadUrl").asString()).statusCode());
      }
      assertEquals(List.of(2, 2, 1), sizes);
      assertEquals(3, messageIds.size(), "each page has its own messageId");

      BulkDownloadProgress progress = fixture.client().newWorkflowStub(BulkDownloadWorkflow.class, patient).progress();
      assertEquals(3, progress.pagesDelivered());
      assertEquals(3, progress.totalPages());
    }
  }

  @Test
  void aPatientOneMessageTakesIsListedAndDeliveredInOneActivityWithNothingStaged() throws Exception {
    String patient = patientWith(3);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    Endpoint endpoint = endpoint(ref);
    try (WebhookReceiver receiver = endpoint.receiver();
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      String requestId = UUID.randomUUID().toString();
      BulkDownloadResult result = fixture.startRun(CX, patient, requestId, METADATA).getResult(BulkDownloadResult.class);
      assertEquals("completed", result.status());
      assertEquals(1, result.deliveryAttempts());
      assertEquals("medical.document-bulk-download-urls", OfficialSdk.acceptWebhook(KEY, receiver.last()).get("type").asString());
      List<String> activities =
          fixture.client().fetchHistory(patient).getEvents().stream()
              .filter(e -> e.hasActivityTaskScheduledEventAttributes())
              .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
              .toList();
      assertEquals(List.of("ListAndDeliver"), activities);
      assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId), "nothing staged");
    }
  }

  @Test
  void aPageIsRetriedOnItsOwnUnderItsMessageIdAndThePagesBeforeItAreNotSentAgain() throws Exception {
    String patient = patientWith(3);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    Endpoint endpoint = endpoint(ref, 200, 503, 503, 200, 200);
    try (WebhookReceiver receiver = endpoint.receiver();
        WorkerFixture fixture =
            WorkerFixture.start(
                s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery(), true,
                new WorkerFixture.Paging(1, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES))) {
      ref.set(fixture);
      BulkDownloadResult result =
          fixture.startRun(CX, patient, UUID.randomUUID().toString(), METADATA).getResult(BulkDownloadResult.class);
      assertEquals("completed", result.status());
      assertEquals(5, result.deliveryAttempts());

      List<Integer> pageOfAttempt = new ArrayList<>();
      List<String> idOfAttempt = new ArrayList<>();
      for (WebhookReceiver.Attempt attempt : receiver.attempts()) {
        JsonNode message = JSON.readTree(attempt.body());
        pageOfAttempt.add(message.get("patients").get(0).get("pagination").get("page").asInt());
        idOfAttempt.add(message.get("meta").get("messageId").asString());
      }
      assertEquals(List.of(1, 2, 2, 2, 3), pageOfAttempt);
      assertEquals(idOfAttempt.get(1), idOfAttempt.get(2));
      assertEquals(idOfAttempt.get(1), idOfAttempt.get(3));
      assertEquals(3, new HashSet<>(idOfAttempt).size());
    }
  }

  @Test
  void aPageRefusedForGoodFailsTheRunVisiblyWithTheFailedNoticeAndNoLaterPage() throws Exception {
    String patient = patientWith(3);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    Endpoint endpoint = endpoint(ref, 200, 400, 400, 400, 200);
    try (WebhookReceiver receiver = endpoint.receiver();
        WorkerFixture fixture =
            WorkerFixture.start(
                s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery(), true,
                new WorkerFixture.Paging(1, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES))) {
      ref.set(fixture);
      WorkflowStub stub = fixture.startRun(CX, patient, UUID.randomUUID().toString(), METADATA);
      assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));

      List<WebhookReceiver.Attempt> attempts = receiver.attempts();
      assertEquals(5, attempts.size(), "page 1, page 2 three times, then the failed notice");
      JsonNode notice = OfficialSdk.acceptWebhook(KEY, attempts.get(4));
      assertEquals("failed", notice.get("patients").get(0).get("status").asString());
      for (WebhookReceiver.Attempt attempt : attempts.subList(1, 4)) {
        JsonNode page = JSON.readTree(attempt.body()).get("patients").get(0).get("pagination");
        assertEquals(2, page.get("page").asInt(), "page 3 is never sent");
      }
    }
  }

  @Test
  void theCustomersOwnPageSizeWinsOverTheDeployments() throws Exception {
    String cx = "cx-paged-own-setting";
    String patient = patientWith(cx, 4);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    Endpoint endpoint = endpoint(ref);
    try (WebhookReceiver receiver = endpoint.receiver();
        WorkerFixture fixture =
            WorkerFixture.start(
                s3.properties(), cx, null, null, WorkerFixture.defaultDelivery(), true,
                new WorkerFixture.Paging(1, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES))) {
      ref.set(fixture);
      fixture
          .settings()
          .update(cx, current -> new CustomerSettings(cx, receiver.url(), KEY, "rev-1", true, "working", null, 0));
      BulkDownloadResult result =
          fixture.startRun(cx, patient, UUID.randomUUID().toString(), METADATA).getResult(BulkDownloadResult.class);
      assertEquals("completed", result.status());
      assertEquals(1, receiver.attempts().size(), "0: one message");
      JsonNode summary = OfficialSdk.acceptWebhook(KEY, receiver.last());
      assertEquals("medical.document-bulk-download-urls", summary.get("type").asString());
      assertEquals(4, summary.get("patients").get(0).get("documents").asInt());
      assertTrue(summary.get("patients").get(0).get("pagination").isNull());
    }
  }
}
