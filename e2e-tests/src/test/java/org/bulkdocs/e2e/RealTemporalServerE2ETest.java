package org.bulkdocs.e2e;

import static org.awaitility.Awaitility.await;
import static org.bulkdocs.testsupport.WebhookAssertions.assertBulkUrlsMessage;
import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.testsupport.InProcessS3;
import org.bulkdocs.testsupport.OfficialSdk;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product on the real Temporal server: `temporal server start-dev` (with its Web UI), the API
 * and the worker as separate processes from their jars, S3Proxy as S3 and a recording webhook
 * receiver. Trigger, receive, verify, download; then what operators see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealTemporalServerE2ETest {

  private static final String CX = "cx-e2e";
  private static final String API_KEY = "e2e-api-key-" + UUID.randomUUID();
  private static final String WEBHOOK_KEY = "e2e-webhook-key";
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path OUT = Path.of("target", "e2e").toAbsolutePath();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String patient = "e2e-patient-" + UUID.randomUUID();
  private final Map<String, byte[]> stored = new LinkedHashMap<>();
  /** Values recognisable anywhere: the stored history must hold neither, the UI must show them decoded. */
  private static final String MRN = "MRN-E2E-83311";
  private final Map<String, String> metadata = Map.of("mrn", MRN, "ticket", "TICKET-E2E-4417");

  private TemporalDevServer temporal;
  private InProcessS3 s3;
  private WebhookReceiver receiver;
  private ManagedProcess worker;
  private ManagedProcess api;
  private int apiPort;
  private int apiManagementPort;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private String requestId;

  @BeforeAll
  void startStack() throws Exception {
    Files.createDirectories(OUT);
    // The UI decodes payloads through the API's codec server, on the API's management port.
    apiManagementPort = Ports.free();
    temporal =
        TemporalDevServer.start(
            OUT.resolve("temporal-dev-server.log"),
            "http://127.0.0.1:" + apiManagementPort + "/codec/" + ServiceEnvironment.CODEC_TOKEN);
    s3 = InProcessS3.start();
    stored.put(CX + "/" + patient + "/" + CX + "_" + patient + "_summary.pdf", "%PDF-1.4 e2e".getBytes(StandardCharsets.UTF_8));
    stored.put(CX + "/" + patient + "/" + CX + "_" + patient + "_ccd.xml", "<ClinicalDocument/>".getBytes(StandardCharsets.UTF_8));
    stored.put(CX + "/" + patient + "/" + CX + "_" + patient + "_labs.json", "{\"resourceType\":\"Bundle\"}".getBytes(StandardCharsets.UTF_8));
    stored.forEach(s3::put);
    receiver = new WebhookReceiver(System::currentTimeMillis, now -> 200);

    Map<String, String> common =
        ServiceEnvironment.common(
            temporal.address(), s3.endpoint().toString(), InProcessS3.BUCKET, InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY);
    int managementPort = Ports.free();
    Map<String, String> workerEnv = new LinkedHashMap<>(common);
    workerEnv.putAll(
        Map.of(
            "MANAGEMENT_PORT", String.valueOf(managementPort),
            "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true",
            "BULKDOCS_WEBHOOK_TARGETS_0_CXID", CX,
            "BULKDOCS_WEBHOOK_TARGETS_0_URL", receiver.url(),
            "BULKDOCS_WEBHOOK_TARGETS_0_KEY", WEBHOOK_KEY));
    worker =
        ManagedProcess.javaJar(
                "workflow-worker",
                REPO.resolve("workflow-worker/target/workflow-worker.jar"),
                workerEnv,
                OUT.resolve("workflow-worker.log"))
            .awaitHttpOk("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(90));

    apiPort = Ports.free();
    Map<String, String> apiEnv = new LinkedHashMap<>(common);
    apiEnv.putAll(
        Map.of(
            "API_PORT", String.valueOf(apiPort),
            "API_MANAGEMENT_PORT", String.valueOf(apiManagementPort),
            "MANAGEMENT_SERVER_ADDRESS", common.get("SERVER_ADDRESS"),
            "CODEC_SERVER_TOKEN", ServiceEnvironment.CODEC_TOKEN,
            "CODEC_SERVER_CORS_ORIGINS", temporal.uiUrl(),
            "BULKDOCS_CUSTOMERS_0_ID", CX,
            "BULKDOCS_CUSTOMERS_0_APIKEYSHA256", ApiKeyHash.of(API_KEY)));
    api =
        ManagedProcess.javaJar(
                "api-service", REPO.resolve("api-service/target/api-service.jar"), apiEnv, OUT.resolve("api-service.log"))
            .awaitHttpOk("http://127.0.0.1:" + apiManagementPort + "/actuator/health", Duration.ofSeconds(90));

    service =
        SuiteTemporal.service(temporal.address());
    client = SuiteTemporal.client(service);
  }

  @AfterAll
  void stopStack() throws Exception {
    for (AutoCloseable running : new AutoCloseable[] {api, worker, receiver, s3, temporal}) {
      if (running != null) {
        running.close();
      }
    }
    if (service != null) {
      service.shutdownNow();
    }
  }

  @Test
  @Order(1)
  void triggerReceiveVerifyAndDownloadEveryUrl() throws Exception {
    HttpResponse<String> response = trigger();
    assertEquals(200, response.statusCode(), response.body());
    JsonNode answer = JSON.readTree(response.body());
    assertEquals("processing", answer.get("status").asString());
    requestId = answer.get("requestId").asString();

    client.newUntypedWorkflowStub(patient).getResult(Duration.ofSeconds(60).toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS, Object.class);

    WebhookReceiver.Attempt delivered = receiver.last();
    assertSignatureVerifies(WEBHOOK_KEY, delivered);
    JsonNode message = assertBulkUrlsMessage(delivered, requestId, patient, "completed", metadata);
    JsonNode sdk = OfficialSdk.acceptWebhook(WEBHOOK_KEY, delivered);
    assertEquals(3, sdk.get("patients").get(0).get("urls").asInt());

    JsonNode documents = message.get("patients").get(0).get("documents");
    assertEquals(stored.size(), documents.size());
    for (JsonNode document : documents) {
      String key = document.get("fileName").asString();
      HttpResponse<byte[]> download = s3.download(document.get("url").asString());
      assertEquals(200, download.statusCode(), key);
      assertArrayEquals(stored.get(key), download.body(), key);
    }
  }

  @Test
  @Order(2)
  void operatorsSeeSearchAttributesSummariesAndProgress() {
    List<WorkflowExecutionMetadata> listed =
        client.listExecutions("CustomerId = '" + CX + "' AND WorkflowId = '" + patient + "'").toList();
    assertEquals(1, listed.size(), "the run is found by its CustomerId search attribute");
    WorkflowExecutionMetadata run = listed.get(0);
    assertEquals("completed", run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS));
    assertEquals(3L, run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.DOCUMENT_COUNT));

    WorkflowExecutionDescription description = client.newUntypedWorkflowStub(patient).describe();
    assertTrue(description.getStaticSummary().contains(patient), description.getStaticSummary());
    assertTrue(description.getStaticSummary().contains(requestId), description.getStaticSummary());

    List<String> activitySummaries =
        client.fetchHistory(patient).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .map(e -> summaryOf(e))
            .toList();
    // a small patient: one activity lists the documents and delivers them; the steps at the run's end are
    // local activities, whose markers carry their summaries too
    assertEquals(1, activitySummaries.size(), activitySummaries.toString());
    assertTrue(activitySummaries.get(0).contains("List the documents of patient " + patient + " and send them"));
    List<String> localSummaries =
        client.fetchHistory(patient).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
            .map(e -> summaryOf(e))
            .filter(s -> s != null)
            .toList();
    assertTrue(localSummaries.stream().anyMatch(s -> s.contains("Delete the run's staged claim-check data")), localSummaries.toString());
    assertTrue(localSummaries.stream().anyMatch(s -> s.contains("Remove the delivered message")), localSummaries.toString());

    BulkDownloadProgress progress = client.newWorkflowStub(BulkDownloadWorkflow.class, patient).progress();
    assertEquals(requestId, progress.requestId());
    assertEquals("completed", progress.status());
    assertEquals(3, progress.documentCount());
    assertEquals(1, progress.deliveryAttempts());
  }

  @Test
  @Order(3)
  void theRealServersHistoryIsExportedForReplayAndCarriesNoSecret() throws Exception {
    WorkflowExecutionHistory history = client.fetchHistory(patient);
    String json = history.toJson(true);
    assertFalse(json.contains("X-Amz-Signature"), "presigned URL in history");
    assertFalse(json.contains(WEBHOOK_KEY), "webhook key in history");
    assertFalse(json.contains(API_KEY), "API key in history");
    // As Temporal stores it, read without the codec: neither the customer's metadata nor a document name.
    String raw = history.getHistory().toByteString().toStringUtf8() + json;
    for (String value : metadata.values()) {
      assertFalse(raw.contains(value), "metadata value in the stored history: " + value);
      assertFalse(raw.contains(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)).substring(0, 12)),
          "metadata value (base64) in the stored history: " + value);
    }
    for (String key : stored.keySet()) {
      String name = key.substring(key.lastIndexOf('/') + 1);
      assertFalse(raw.contains(name), "document name in the stored history: " + name);
    }
    assertEquals(patient, WorkflowExecutionHistory.fromJson(json).getWorkflowExecution().getWorkflowId());
    Files.writeString(OUT.resolve("real-server-history.json"), json, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("recordHistories")) {
      // replayed by workflow-worker's BulkDownloadReplayTest with every other committed history
      Files.writeString(
          REPO.resolve("workflow-worker/src/test/resources/histories/real-server-delivered.json"),
          json,
          StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(4)
  void screenshotsOfWhatOperatorsSeeInTheTemporalUi() throws Exception {
    HeadlessChromium chromium = new HeadlessChromium(OUT.resolve("chromium-profile"));
    String runId = client.newUntypedWorkflowStub(patient).describe().getExecution().getRunId();
    String workflowPage = temporal.uiUrl() + "/namespaces/default/workflows/" + patient + "/" + runId + "/history";
    String listPage =
        temporal.uiUrl() + "/namespaces/default/workflows?query="
            + URLEncoder.encode("CustomerId=\"" + CX + "\"", StandardCharsets.UTF_8);

    String workflowDom = chromium.renderedDom(workflowPage);
    assertTrue(workflowDom.contains(patient), "workflow page shows the patient");
    assertTrue(workflowDom.contains("Bulk download URLs"), "workflow page shows the static summary");
    assertTrue(workflowDom.contains(MRN), "workflow page shows the input decoded by the codec server");
    String listDom = chromium.renderedDom(listPage);
    assertTrue(listDom.contains(patient), "the list filtered by customer shows the run");

    Path workflowPng = OUT.resolve("screenshots/workflow-page.png");
    Path listPng = OUT.resolve("screenshots/workflows-filtered-by-customer.png");
    chromium.screenshot(workflowPage, workflowPng);
    chromium.screenshot(listPage, listPng);
    assertTrue(Files.size(workflowPng) > 20_000, "workflow screenshot looks empty");
    assertTrue(Files.size(listPng) > 20_000, "list screenshot looks empty");
    System.out.println("screenshots: " + workflowPng + " " + listPng);
  }

  @Test
  @Order(5)
  void housekeepingRunsAsSchedulesAnOperatorCanTrigger() {
    ScheduleClient schedules =
        ScheduleClient.newInstance(service, ScheduleClientOptions.newBuilder().setNamespace("default").build());
    List<String> ids =
        schedules.listSchedules().map(ScheduleListDescription::getScheduleId).sorted().toList();
    assertEquals(List.of("housekeeping:reconcile-webhook-ledger", "housekeeping:rewrap-webhook-keys"), ids);
    // created with an immediate first run: one completed run of each job for the whole deployment
    await().atMost(Duration.ofSeconds(60)).until(() -> completed("ReconcileWebhookLedger") >= 1 && completed("RewrapWebhookKeys") >= 1);
    long before = completed("ReconcileWebhookLedger");
    schedules.getHandle("housekeeping:reconcile-webhook-ledger").trigger();
    await().atMost(Duration.ofSeconds(60)).until(() -> completed("ReconcileWebhookLedger") > before);
  }

  private long completed(String workflowType) {
    return client.listExecutions("WorkflowType = '" + workflowType + "' AND ExecutionStatus = 'Completed'").count();
  }

  private HttpResponse<String> trigger() throws Exception {
    String body = JSON.writeValueAsString(Map.of("metadata", metadata));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + apiPort + "/medical/v1/document/download-url/bulk?patientId=" + patient))
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String summaryOf(HistoryEvent event) {
    if (!event.hasUserMetadata() || !event.getUserMetadata().hasSummary()) {
      return null;
    }
    return SuiteTemporal.CONVERTER.fromPayload(
        event.getUserMetadata().getSummary(), String.class, String.class);
  }

}
