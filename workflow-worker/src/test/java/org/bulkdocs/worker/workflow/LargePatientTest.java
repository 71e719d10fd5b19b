package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 20,000 documents for one patient, more than fit in one 10 MiB message: the run sends them as paged
 * messages, in order, none over the cap, and its history stays tiny, because only keys and counts cross
 * Temporal. Prints its figures; asserts only the size limits.
 */
class LargePatientTest {

  private static final int DOCUMENTS = 20_000;
  private static final String CX = "cx-large";
  private static final String KEY = "large-key";

  @Test
  void twentyThousandDocumentsKeepTheHistorySmallAndFreeOfUrls() throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    try (InProcessS3 s3 = InProcessS3.start()) {
      long seedStart = System.nanoTime();
      seed(s3, patient);
      long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;

      var fixtureRef = new java.util.concurrent.atomic.AtomicReference<WorkerFixture>();
      try (WebhookReceiver receiver = new WebhookReceiver(() -> fixtureRef.get().now(), now -> 200);
          WorkerFixture fixture =
              WorkerFixture.start(s3.properties(), CX, receiver.url(), KEY, WorkerFixture.defaultDelivery())) {
        fixtureRef.set(fixture);
        String requestId = UUID.randomUUID().toString();
        long runStart = System.nanoTime();
        WorkflowStub stub = fixture.startRun(CX, patient, requestId, Map.of("batch", "large"));
        BulkDownloadResult result = stub.getResult(BulkDownloadResult.class);
        long runMillis = (System.nanoTime() - runStart) / 1_000_000;

        assertEquals("completed", result.status());
        assertEquals(DOCUMENTS, result.documentCount());
        List<WebhookReceiver.Attempt> pages = receiver.attempts();
        assertTrue(pages.size() >= 2, "20,000 documents do not fit one 10 MiB message");
        int delivered = 0;
        var messageIds = new java.util.HashSet<String>();
        for (int i = 0; i < pages.size(); i++) {
          byte[] body = pages.get(i).body();
          assertTrue(body.length <= PagePlanner.DEFAULT_MAX_MESSAGE_BYTES, "page " + (i + 1) + " is " + body.length + " bytes");
          JsonNode message = JsonMapper.builder().build().readTree(body);
          assertEquals("medical.document-bulk-download-paged", message.get("meta").get("type").asString());
          assertEquals(requestId, message.get("meta").get("requestId").asString());
          assertEquals("large", message.get("meta").get("data").get("batch").asString());
          messageIds.add(message.get("meta").get("messageId").asString());
          JsonNode patientEntry = message.get("patients").get(0);
          assertEquals(i + 1, patientEntry.get("pagination").get("page").asInt(), "pages in order");
          assertEquals(pages.size(), patientEntry.get("pagination").get("totalPages").asInt());
          assertEquals(DOCUMENTS, patientEntry.get("pagination").get("totalItems").asInt());
          for (JsonNode document : patientEntry.get("documents")) {
            assertEquals(document.get("url").asString(), document.get("downloadUrl").asString());
          }
          delivered += patientEntry.get("documents").size();
        }
        assertEquals(DOCUMENTS, delivered);
        assertEquals(pages.size(), messageIds.size(), "each page has its own messageId");

        WorkflowExecutionHistory history = fixture.client().fetchHistory(patient);
        String historyJson = history.toJson(false);
        int historyBytes = historyJson.getBytes(StandardCharsets.UTF_8).length;
        int events = history.getEvents().size();
        System.out.printf(
            "LargePatientTest: documents=%d seed=%d ms run=%d ms pages=%d lastPage=%d bytes history=%d bytes events=%d%n",
            DOCUMENTS, seedMillis, runMillis, pages.size(), receiver.last().body().length, historyBytes, events);
        System.out.println("LargePatientTest: activity durations " + activityDurations(history));

        assertTrue(historyBytes < 100 * 1024, "history is " + historyBytes + " bytes");
        assertTrue(events < 100, "history has " + events + " events");
        assertFalse(historyJson.contains("X-Amz-Signature"), "a presigned URL leaked into history");
        assertFalse(historyJson.contains("X-Amz-Credential"), "a presigned URL leaked into history");
        assertFalse(historyJson.contains(s3.properties().endpoint().toString()), "a URL leaked into history");
        assertFalse(historyJson.contains(KEY), "the webhook key leaked into history");
        assertFalse(historyJson.contains(InProcessS3.SECRET_KEY), "the S3 secret leaked into history");
      }
    }
  }

  /** Scheduled-to-closed time of each activity, from the history's own timestamps. */
  private static Map<String, Long> activityDurations(WorkflowExecutionHistory history) {
    Map<Long, io.temporal.api.history.v1.HistoryEvent> scheduled = new java.util.HashMap<>();
    Map<String, Long> durations = new java.util.LinkedHashMap<>();
    for (io.temporal.api.history.v1.HistoryEvent event : history.getEvents()) {
      if (event.hasActivityTaskScheduledEventAttributes()) {
        scheduled.put(event.getEventId(), event);
      } else if (event.hasActivityTaskCompletedEventAttributes()) {
        var start = scheduled.get(event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
        durations.put(
            start.getActivityTaskScheduledEventAttributes().getActivityType().getName() + "_ms",
            com.google.protobuf.util.Timestamps.toMillis(event.getEventTime())
                - com.google.protobuf.util.Timestamps.toMillis(start.getEventTime()));
      }
    }
    return durations;
  }

  private static void seed(InProcessS3 s3, String patient) throws Exception {
    byte[] content = "%PDF-1.7 small".getBytes(StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> puts = new ArrayList<>(DOCUMENTS);
      for (int i = 0; i < DOCUMENTS; i++) {
        String key = CX + "/" + patient + "/" + CX + "_" + patient + "_doc-" + i + ".pdf";
        puts.add(pool.submit(() -> s3.put(key, content)));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
