package org.bulkdocs.worker;

import static org.bulkdocs.testsupport.WebhookAssertions.assertBulkUrlsMessage;
import static org.bulkdocs.testsupport.WebhookAssertions.assertSignatureVerifies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.ping.WebhookPingRequest;
import org.bulkdocs.contract.ping.WebhookPingResult;
import org.bulkdocs.contract.ping.WebhookPingWorkflow;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.ScriptedEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worker application as configured for production (Spring wiring, configuration binding,
 * activity auto-discovery, Boot's JSON mapper), on the starter's in-process Temporal test server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkflowWorkerApplicationTest {

  private static final String CX = "cx-spring";
  private static final String KEY = "spring-webhook-key";
  private static final InProcessS3 S3 = InProcessS3.start();
  private static final WebhookReceiver RECEIVER =
      new WebhookReceiver(System::currentTimeMillis, now -> 200);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.temporal.test-server.enabled", () -> "true");
    registry.add("bulkdocs.s3.endpoint", () -> S3.properties().endpoint().toString());
    registry.add("bulkdocs.s3.bucket", () -> InProcessS3.BUCKET);
    registry.add("bulkdocs.s3.access-key-id", () -> InProcessS3.ACCESS_KEY);
    registry.add("bulkdocs.s3.secret-access-key", () -> InProcessS3.SECRET_KEY);
    registry.add("bulkdocs.s3.path-style", () -> "true");
    registry.add("bulkdocs.webhook-addresses.allow-private", () -> "true");
    registry.add("bulkdocs.webhook.targets[0].cx-id", () -> CX);
    registry.add("bulkdocs.webhook.targets[0].url", RECEIVER::url);
    registry.add("bulkdocs.webhook.targets[0].key", () -> KEY);
  }

  @Autowired TestWorkflowEnvironment testEnvironment;
  @Autowired CustomerSettingsStore settings;
  @Autowired WorkflowClient client;
  @LocalServerPort int port;

  @BeforeEach
  void registerSearchAttributes() {
    for (SearchAttributeKey<?> key : BulkDownloadSearchAttributes.ALL) {
      testEnvironment.registerSearchAttribute(
          key.getName(),
          key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_INT
              ? IndexedValueType.INDEXED_VALUE_TYPE_INT
              : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    RECEIVER.close();
    S3.close();
  }

  @Test
  void runsABulkDownloadThroughTheConfiguredWorker() {
    String patient = "patient-" + UUID.randomUUID();
    S3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", "%PDF".getBytes());
    String requestId = UUID.randomUUID().toString();

    BulkDownloadWorkflow workflow =
        client.newWorkflowStub(
            BulkDownloadWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(patient)
                .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
                .build());
    BulkDownloadResult result =
        workflow.run(BulkDownloadRequest.start(CX, patient, requestId, Map.of("k", "v")));

    assertEquals("completed", result.status());
    assertSignatureVerifies(KEY, RECEIVER.last());
    assertBulkUrlsMessage(RECEIVER.last(), requestId, patient, "completed", Map.of("k", "v"));
  }

  @Test
  void pingsAStoredWebhookAndRecordsTheOutcome() {
    String cx = "cx-ping-" + UUID.randomUUID();
    try (ScriptedEndpoint endpoint = new ScriptedEndpoint(ScriptedEndpoint::pong)) {
      settings.update(cx, c -> new CustomerSettings(cx, endpoint.url(), KEY, "rev-1", false, "waiting", null));

      WebhookPingResult result =
          client
              .newWorkflowStub(
                  WebhookPingWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(WebhookWorkflowIds.ping(cx))
                      .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
                      .build())
              .ping(new WebhookPingRequest(cx, "rev-1"));

      assertTrue(result.webhookEnabled(), result.toString());
      assertTrue(settings.find(cx).orElseThrow().webhookEnabled());
      assertSignatureVerifies(KEY, endpoint.attempts().get(0));
    }
  }

  @Test
  void exposesDeliveryAndTemporalMetricsForPrometheus() throws Exception {
    runsABulkDownloadThroughTheConfiguredWorker();

    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, scrape.statusCode());
    String metrics = scrape.body();
    assertTrue(
        metrics.lines().anyMatch(l -> l.startsWith("bulkdocs_webhook_deliveries_total{") && l.contains("outcome=\"delivered\"") && !l.endsWith(" 0.0")),
        "delivered counter:\n" + grep(metrics, "bulkdocs_"));
    assertTrue(metrics.contains("bulkdocs_webhook_deliveries_total{outcome=\"rejected\"} 0.0")
        || metrics.lines().anyMatch(l -> l.startsWith("bulkdocs_webhook_deliveries_total{") && l.contains("rejected")),
        "every outcome is registered up front:\n" + grep(metrics, "bulkdocs_"));
    assertTrue(metrics.contains("bulkdocs_webhook_delivery_seconds_count{"), grep(metrics, "bulkdocs_"));
    assertTrue(metrics.contains("bulkdocs_webhook_delivery_seconds_sum{"), grep(metrics, "bulkdocs_"));
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("temporal_")), "the Temporal SDK's worker metrics");
  }

  private static String grep(String text, String prefix) {
    return String.join("\n", text.lines().filter(l -> l.startsWith(prefix)).toList());
  }

  @Test
  void servesHealthOnTheManagementPort() throws Exception {
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"UP\""), health.body());
  }
}
