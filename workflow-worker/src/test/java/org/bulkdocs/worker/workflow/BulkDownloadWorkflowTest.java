package org.bulkdocs.worker.workflow;

import static org.bulkdocs.testsupport.WebhookAssertions.assertBulkUrlsMessage;
import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.awaitility.Awaitility;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.policy.DeliveryProperties;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BulkDownloadWorkflowTest {

  private static final String CX = "cx-1";
  private static final String WEBHOOK_KEY = "whsec-test-key";
  private static final Map<String, String> METADATA = orderedMetadata();

  private static InProcessS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  /** A worker plus a webhook receiver that answers by workflow time. */
  private static final class Run implements AutoCloseable {
    final AtomicReference<WorkerFixture> fixtureRef = new AtomicReference<>();
    final WebhookReceiver receiver;
    final WorkerFixture fixture;

    Run(S3Properties s3Props, DeliveryProperties delivery, ToIntFunction<Long> answer) {
      receiver = new WebhookReceiver(() -> fixtureRef.get().now(), answer);
      fixture = WorkerFixture.start(s3Props, CX, receiver.url(), WEBHOOK_KEY, delivery);
      fixtureRef.set(fixture);
    }

    @Override
    public void close() {
      fixture.close();
      receiver.close();
    }
  }

  @Test
  void deliversSignedMessageWhoseUrlsDownloadTheStoredBytes() {
    String patient = "patient-" + UUID.randomUUID();
    Map<String, byte[]> stored = new LinkedHashMap<>();
    stored.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-1.pdf", "%PDF-1.7 one".getBytes(StandardCharsets.UTF_8));
    stored.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-2.xml", "<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8));
    stored.put(CX + "/" + patient + "/notes with spaces+plus.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    stored.forEach(s3::put);
    s3.put(CX + "/" + patient + "0/other-patient.pdf", new byte[] {1}); // shares the ID as a prefix

    try (Run run = new Run(s3.properties(), WorkerFixture.defaultDelivery(), now -> 200)) {
      String requestId = UUID.randomUUID().toString();
      WorkflowStub stub = run.fixture.startRun(CX, patient, requestId, METADATA);
      BulkDownloadResult result = stub.getResult(BulkDownloadResult.class);

      assertEquals("completed", result.status());
      assertEquals(3, result.documentCount());
      assertEquals(1, run.receiver.attempts().size());
      WebhookReceiver.Attempt delivered = run.receiver.last();
      assertSignatureVerifies(WEBHOOK_KEY, delivered);
      JsonNode message = assertBulkUrlsMessage(delivered, requestId, patient, "completed", METADATA);

      JsonNode documents = message.get("patients").get(0).get("documents");
      assertEquals(3, documents.size());
      Set<String> ids = new HashSet<>();
      for (JsonNode document : documents) {
        String key = document.get("fileName").asString();
        assertTrue(stored.containsKey(key), "unexpected document " + key);
        assertEquals(stored.get(key).length, document.get("size").asLong());
        var download = s3.download(document.get("url").asString());
        assertEquals(200, download.statusCode(), "download of " + key);
        assertArrayEquals(stored.get(key), download.body());
        assertTrue(document.get("url").asString().contains("X-Amz-Expires=3600"));
        ids.add(document.get("id").asString());
      }
      assertTrue(ids.contains("doc-1") && ids.contains("doc-2"), "Metriport doc IDs: " + ids);
      assertEquals("application/pdf", mimeOf(documents, "_doc-1.pdf"));
      assertEquals("application/xml", mimeOf(documents, "_doc-2.xml"));
      assertEquals("application/json", mimeOf(documents, ".json"));

      String url = documents.get(0).get("url").asString();
      String tampered = url.replace(patient, patient.replace('-', '_'));
      assertEquals(403, s3.download(tampered).statusCode(), "a tampered URL must be refused");
      String forged = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
      assertEquals(403, s3.download(forged).statusCode(), "a forged signature must be refused");

      assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId), "staging cleaned up");
      WorkflowExecutionDescription description = stub.describe();
      assertEquals(
          "completed",
          description.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS));
      assertEquals(
          3L, description.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.DOCUMENT_COUNT));

      BulkDownloadProgress progress =
          run.fixture.client().newWorkflowStub(BulkDownloadWorkflow.class, patient).progress();
      assertEquals(requestId, progress.requestId());
      assertEquals("completed", progress.status());
      assertEquals(3, progress.documentCount());
    }
  }

  @Test
  void anExpiredUrlIsRefused() throws Exception {
    String key = CX + "/expiry/" + CX + "_expiry_doc.pdf";
    s3.put(key, new byte[] {42});
    String url =
        s3.presigner()
            .presignGetObject(
                r ->
                    r.signatureDuration(Duration.ofSeconds(1))
                        .getObjectRequest(g -> g.bucket(InProcessS3.BUCKET).key(key)))
            .url()
            .toString();
    assertEquals(200, s3.download(url).statusCode());
    // Expiry is a matter of wall-clock time: wait past it, bounded.
    int status =
        Awaitility.await("the URL expired").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
            .until(() -> s3.download(url).statusCode(), code -> code != 200);
    assertEquals(403, status, "an expired URL must be refused");
  }

  @Test
  void keepsRetryingForHoursThenDeliversOnceWithFreshUrls() {
    String patient = "patient-" + UUID.randomUUID();
    String key = CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf";
    byte[] content = "%PDF retry".getBytes(StandardCharsets.UTF_8);
    s3.put(key, content);
    AtomicLong acceptFrom = new AtomicLong(Long.MAX_VALUE);

    try (Run run =
        new Run(s3.properties(), WorkerFixture.defaultDelivery(), now -> now >= acceptFrom.get() ? 200 : 503)) {
      String requestId = UUID.randomUUID().toString();
      acceptFrom.set(run.fixture.now() + Duration.ofHours(3).toMillis());
      WorkflowStub stub = run.fixture.startRun(CX, patient, requestId, METADATA);
      BulkDownloadResult result = stub.getResult(BulkDownloadResult.class);

      List<WebhookReceiver.Attempt> attempts = run.receiver.attempts();
      assertEquals("completed", result.status());
      assertEquals(attempts.size(), result.deliveryAttempts());
      assertTrue(attempts.size() >= 8, "expected many attempts over 3 hours, got " + attempts.size());
      WebhookReceiver.Attempt delivered = attempts.get(attempts.size() - 1);
      assertTrue(delivered.arrivedAtMillis() >= acceptFrom.get(), "delivered only once accepted");
      for (WebhookReceiver.Attempt attempt : attempts.subList(0, attempts.size() - 1)) {
        assertTrue(attempt.arrivedAtMillis() < acceptFrom.get());
      }

      Set<String> messageIds = new HashSet<>();
      for (WebhookReceiver.Attempt attempt : attempts) {
        assertSignatureVerifies(WEBHOOK_KEY, attempt);
        JsonNode message = assertBulkUrlsMessage(attempt, requestId, patient, "completed", METADATA);
        messageIds.add(message.get("meta").get("messageId").asString());
      }
      assertEquals(1, messageIds.size(), "messageId must be stable across attempts");

      // URLs are signed inside each attempt: nothing signs ahead of time, and the delivered message
      // carries URLs signed moments before it was sent, with their full validity.
      var events = run.fixture.client().fetchHistory(patient).getEvents();
      assertEquals(List.of(), scheduledTimes(events, "SignUrls"), "no staged signed copy");
      assertEquals(1, scheduledTimes(events, "ListAndDeliver").size(), "the first attempt comes with the listing");
      assertEquals(attempts.size() - 1, scheduledTimes(events, "DeliverPage").size());
      String signedUrl = urlOf(delivered);
      assertTrue(signedUrl.contains("X-Amz-Expires=" + WorkerFixture.URL_VALIDITY.toSeconds() + "&"), signedUrl);
      Instant signedAt =
          LocalDateTime.parse(
                  signedUrl.replaceAll(".*X-Amz-Date=(\\d{8}T\\d{6}Z).*", "$1"),
                  DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
              .toInstant(ZoneOffset.UTC);
      assertTrue(
          Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0,
          "signed at " + signedAt + ", not in the attempt");

      // (The URL strings themselves may repeat: SigV4 dates have one-second resolution and this
      // test spends well under a second of wall-clock time.)
      String deliveredUrl = urlOf(delivered);
      var download = s3.download(deliveredUrl);
      assertEquals(200, download.statusCode());
      assertArrayEquals(content, download.body());
    }
  }

  @Test
  void endsFailedAfterTheWindowWhenTheEndpointNeverAccepts() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {1, 2, 3});

    try (Run run = new Run(s3.properties(), WorkerFixture.defaultDelivery(), now -> 500)) {
      String requestId = UUID.randomUUID().toString();
      long startedAt = run.fixture.now();
      WorkflowStub stub = run.fixture.startRun(CX, patient, requestId, METADATA);

      WorkflowFailedException failure =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));
      ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
      assertEquals(BulkDownloadWorkflowImpl.RUN_FAILED, cause.getType());
      assertTrue(cause.getOriginalMessage().contains("delivery window"), cause.getOriginalMessage());
      assertTrue(run.fixture.now() - startedAt >= Duration.ofHours(24).toMillis());

      WorkflowExecutionDescription description = stub.describe();
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED, description.getStatus());
      assertEquals("failed", description.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS));

      WebhookReceiver.Attempt last = run.receiver.last();
      assertBulkUrlsMessage(last, requestId, patient, "failed", METADATA);
      assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId), "staging cleaned up");
    }
  }

  @Test
  void aListingThatFailsForGoodSendsTheFailedMessage() {
    String patient = "patient-" + UUID.randomUUID();
    S3Properties missingBucket = s3.propertiesWithBucket("no-such-bucket");

    try (Run run = new Run(missingBucket, WorkerFixture.defaultDelivery(), now -> 200)) {
      String requestId = UUID.randomUUID().toString();
      WorkflowStub stub = run.fixture.startRun(CX, patient, requestId, Map.of());

      WorkflowFailedException failure =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));
      ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
      assertTrue(cause.getOriginalMessage().contains("could not list"), cause.getOriginalMessage());
      assertEquals(1, run.receiver.attempts().size());
      assertSignatureVerifies(WEBHOOK_KEY, run.receiver.last());
      assertBulkUrlsMessage(run.receiver.last(), requestId, patient, "failed", Map.of());
      assertEquals("failed", stub.describe().getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS));
    }
  }

  @Test
  void aPermanentRefusalIsNotRetriedForever() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {1});

    try (Run run = new Run(s3.properties(), WorkerFixture.defaultDelivery(), now -> 400)) {
      WorkflowStub stub = run.fixture.startRun(CX, patient, UUID.randomUUID().toString(), METADATA);

      WorkflowFailedException failure =
          assertThrows(WorkflowFailedException.class, () -> stub.getResult(BulkDownloadResult.class));
      assertTrue(
          ((ApplicationFailure) failure.getCause()).getOriginalMessage().contains("refused the message 3 times"));
      List<WebhookReceiver.Attempt> attempts = run.receiver.attempts();
      assertEquals(4, attempts.size(), "3 refused deliveries, then one failed notice");
      assertTrue(attempts.get(3).bodyText().contains("\"status\":\"failed\""));
      // measured on the run's own history: once a run has failed, the time-skipping test server may
      // jump its clock ahead to some far timer before the test reads it
      List<HistoryEvent> events = run.fixture.client().fetchHistory(patient).getEvents();
      long runMillis = millisOf(events.get(events.size() - 1)) - millisOf(events.get(0));
      assertTrue(runMillis < Duration.ofHours(1).toMillis(), "gave up early, after " + Duration.ofMillis(runMillis));
    }
  }

  @Test
  void continueAsNewKeepsTheRequestIdAndMessageId() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {7});
    var shortBackoff =
        new DeliveryProperties(Duration.ofHours(8), Duration.ofMinutes(1), Duration.ofMinutes(1), 3, Duration.ofSeconds(2), Duration.ofSeconds(30));
    AtomicLong acceptFrom = new AtomicLong(Long.MAX_VALUE);

    try (Run run = new Run(s3.properties(), shortBackoff, now -> now >= acceptFrom.get() ? 200 : 503)) {
      String requestId = UUID.randomUUID().toString();
      acceptFrom.set(run.fixture.now() + Duration.ofHours(4).toMillis());
      WorkflowStub stub = run.fixture.startRun(CX, patient, requestId, METADATA);
      String firstRunId = stub.getExecution().getRunId();
      BulkDownloadResult result = stub.getResult(BulkDownloadResult.class);

      assertEquals(requestId, result.requestId());
      List<HistoryEvent> firstRun =
          run.fixture.client().fetchHistory(patient, firstRunId).getEvents();
      assertEquals(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
          firstRun.get(firstRun.size() - 1).getEventType(),
          "the run must have continued as new");
      Set<String> messageIds = new HashSet<>();
      for (WebhookReceiver.Attempt attempt : run.receiver.attempts()) {
        messageIds.add(
            assertBulkUrlsMessage(attempt, requestId, patient, "completed", METADATA)
                .get("meta").get("messageId").asString());
      }
      assertEquals(1, messageIds.size());
      WorkflowExecutionDescription latest =
          run.fixture.client().newUntypedWorkflowStub(patient).describe();
      assertNotEquals(firstRunId, latest.getExecution().getRunId());
      assertEquals(requestId, latest.getMemo(RunMemo.REQUEST_ID, String.class));
      assertEquals("completed", latest.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS));
    }
  }

  static long millisOf(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }

  static List<Long> scheduledTimes(List<HistoryEvent> events, String activityType) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
        .map(e -> e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000)
        .toList();
  }

  private static String urlOf(WebhookReceiver.Attempt attempt) {
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(attempt.body())
        .get("patients").get(0).get("documents").get(0).get("url").asString();
  }

  private static String mimeOf(JsonNode documents, String suffix) {
    for (JsonNode document : documents) {
      if (document.get("fileName").asString().endsWith(suffix)) {
        return document.get("mimeType").asString();
      }
    }
    throw new AssertionError("no document ending with " + suffix);
  }

  private static Map<String, String> orderedMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("youCanPut", "anything");
    metadata.put("ticket", "T-1234 ✓");
    return metadata;
  }
}
