package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * GET on the bulk path while a worker answers the progress query. The worker runs a stand-in for the
 * real workflow (the real one lives in workflow-worker), steered by the run's metadata. Its own Spring
 * context, so its worker never touches the runs of the worker-less tests.
 */
@ApiIntegrationTest
@Import(BulkDownloadStatusWithWorkerTest.StandInWorker.class)
// A worker is there: give it ample time even on a slow machine.
@TestPropertySource(properties = "bulkdocs.status.progress-timeout=10s")
class BulkDownloadStatusWithWorkerTest {

  /** What a worker could put into lastError: the webhook URL, and a presigned URL with its signature. */
  static final String RAW_ERROR =
      "webhook https://hooks.example.com/in?token=s3cr3t answered 503; url https://bucket.s3.amazonaws.com/k?X-Amz-Signature=abc";

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired InMemoryS3 s3;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void runningRunReportsTheWorkersCountsAndASanitisedError() {
    String patientId = s3.newPatient(CX_A);
    String requestId = startAndAwaitDocumentCount(patientId, "wait");

    JsonNode body = ApiClient.json(api.bulkStatus(patientId, KEY_A));

    assertThat(body.propertyNames())
        .containsExactly(
            "requestId", "status", "documentCount", "deliveryAttempts", "pagesDelivered", "totalPages", "lastError",
            "startedAt");
    assertThat(body.get("requestId").asString()).isEqualTo(requestId);
    assertThat(body.get("status").asString()).isEqualTo("processing");
    assertThat(body.get("documentCount").asInt()).isEqualTo(3);
    assertThat(body.get("deliveryAttempts").asInt()).isEqualTo(2);
    assertThat(body.get("pagesDelivered").asInt()).isEqualTo(1);
    assertThat(body.get("totalPages").asInt()).isEqualTo(3);
    assertThat(body.get("lastError").asString())
        .isEqualTo("webhook <url> answered 503; url <url>")
        .doesNotContain("https://", "token", "Signature");
  }

  @Test
  void completedRunIsCompletedWithTheFinalCounts() {
    String patientId = s3.newPatient(CX_A);
    String requestId = startAndAwaitResult(patientId, "complete");

    JsonNode body = ApiClient.json(api.bulkStatus(patientId, KEY_A));

    assertThat(body.get("requestId").asString()).isEqualTo(requestId);
    assertThat(body.get("status").asString()).isEqualTo("completed");
    assertThat(body.get("documentCount").asInt()).isEqualTo(3);
    assertThat(body.get("deliveryAttempts").asInt()).as("from the run's result, not a query").isEqualTo(1);
    assertThat(body.get("pagesDelivered").asInt()).isEqualTo(2);
    assertThat(body.get("totalPages").asInt()).isEqualTo(2);
    assertThat(body.has("lastError")).isFalse();
    assertThat(Instant.parse(body.get("closedAt").asString()))
        .isAfterOrEqualTo(Instant.parse(body.get("startedAt").asString()));
  }

  @Test
  void failedRunIsFailed() {
    String patientId = s3.newPatient(CX_A);
    String requestId = startAndAwaitResult(patientId, "fail");

    JsonNode body = ApiClient.json(api.bulkStatus(patientId, KEY_A));

    assertThat(body.get("requestId").asString()).isEqualTo(requestId);
    assertThat(body.get("status").asString()).isEqualTo("failed");
    assertThat(body.has("closedAt")).isTrue();
    assertThat(body.get("deliveryAttempts").asInt()).as("from the run's failure, not a query").isEqualTo(4);
    assertThat(body.get("pagesDelivered").asInt()).isEqualTo(1);
    assertThat(body.get("lastError").asString())
        .startsWith("webhook endpoint refused the message 3 times: HTTP 400 from webhook <url>")
        .doesNotContain("https://");
  }

  private String startAndAwaitDocumentCount(String patientId, String scenario) {
    String requestId = start(patientId, scenario);
    await("the stand-in worker listed the documents")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.newUntypedWorkflowStub(patientId).describe().getTypedSearchAttributes()
            .get(BulkDownloadSearchAttributes.DOCUMENT_COUNT) != null);
    return requestId;
  }

  private String startAndAwaitResult(String patientId, String scenario) {
    String requestId = start(patientId, scenario);
    WorkflowStub run = client.newUntypedWorkflowStub(patientId);
    try {
      run.getResult(10, java.util.concurrent.TimeUnit.SECONDS, BulkDownloadResult.class);
    } catch (Exception expectedForFailingScenarios) {
      // the status endpoint is what is under test
    }
    return requestId;
  }

  private String start(String patientId, String scenario) {
    return ApiClient.json(api.startBulk(patientId, KEY_A, "{\"metadata\":{\"scenario\":\"" + scenario + "\"}}"))
        .get("requestId")
        .asString();
  }

  /** Lists "3 documents", then waits, completes after one attempt, or fails, as the metadata says. */
  public static class StandInWorkflow implements BulkDownloadWorkflow {

    private BulkDownloadRequest request;
    private int attempts;
    private String lastError;

    @Override
    public BulkDownloadResult run(BulkDownloadRequest request) {
      this.request = request;
      Workflow.upsertTypedSearchAttributes(BulkDownloadSearchAttributes.DOCUMENT_COUNT.valueSet(3L));
      switch (request.metadata().getOrDefault("scenario", "wait")) {
        case "complete" -> {
          // what a query would say differs from the recorded outcome: a closed run is read from the latter
          attempts = 7;
          Workflow.upsertTypedSearchAttributes(BulkDownloadSearchAttributes.STATUS.valueSet("completed"));
          return new BulkDownloadResult(request.requestId(), "completed", 3, 1, 2, 2);
        }
        case "fail" -> {
          attempts = 7;
          Workflow.upsertTypedSearchAttributes(BulkDownloadSearchAttributes.STATUS.valueSet("failed"));
          throw ApplicationFailure.newNonRetryableFailure(
              "webhook endpoint refused the message 3 times: HTTP 400 from " + RAW_ERROR,
              BulkDownloadResult.RUN_FAILED,
              new BulkDownloadResult(request.requestId(), "failed", 3, 4, 1, 2));
        }
        default -> {
          attempts = 2;
          lastError = RAW_ERROR;
          Workflow.await(() -> false);
          return null;
        }
      }
    }

    @Override
    public BulkDownloadProgress progress() {
      return new BulkDownloadProgress(request.requestId(), "processing", "waiting", 3, attempts, lastError, 0L, 1, 3);
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class StandInWorker {

    @Bean(destroyMethod = "shutdownNow")
    WorkerFactory standInWorkerFactory(WorkflowClient client) {
      WorkerFactory factory = WorkerFactory.newInstance(client);
      factory.newWorker(TaskQueues.BULK_DOWNLOAD).registerWorkflowImplementationTypes(StandInWorkflow.class);
      factory.start();
      return factory;
    }
  }
}
