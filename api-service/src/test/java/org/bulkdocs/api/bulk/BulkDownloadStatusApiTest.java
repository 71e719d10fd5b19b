package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.CX_B;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.RunMemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * GET on the bulk path without any worker: everything comes from describing the run, and the answer
 * still arrives shortly after the progress query's deadline.
 */
@ApiIntegrationTest
class BulkDownloadStatusApiTest {

  static final String NOT_FOUND_BODY =
      "{\"status\":404,\"name\":\"NOT_FOUND\",\"title\":\"NotFoundError\",\"detail\":\"Could not find patient\"}";

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired InMemoryS3 s3;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void runningRunIsProcessingWithItsRequestIdAndNothingAWorkerWouldKnow() {
    String patientId = s3.newPatient(CX_A);
    String requestId = ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString();

    long started = System.nanoTime();
    HttpResponse<String> response = api.bulkStatus(patientId, KEY_A);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = ApiClient.json(response);
    // No worker: no attempts, no error, and no count because the documents were never listed.
    assertThat(body.propertyNames()).containsExactly("requestId", "status", "startedAt");
    assertThat(body.get("requestId").asString()).isEqualTo(requestId);
    assertThat(body.get("status").asString()).isEqualTo("processing");
    assertThat(Instant.parse(body.get("startedAt").asString())).isBetween(Instant.now().minusSeconds(60), Instant.now());
    // The progress query gives up after bulkdocs.status.progress-timeout (500 ms here), not the SDK's 10 s.
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void documentCountComesFromTheSearchAttributeWhenNoWorkerAnswers() {
    String patientId = s3.newPatient(CX_A);
    String requestId = UUID.randomUUID().toString();
    // What a worker leaves behind after listing: the DocumentCount search attribute.
    startRunAsTheApiWould(patientId, CX_A, requestId, 7L);

    JsonNode body = ApiClient.json(api.bulkStatus(patientId, KEY_A));

    assertThat(body.propertyNames()).containsExactly("requestId", "status", "documentCount", "startedAt");
    assertThat(body.get("requestId").asString()).isEqualTo(requestId);
    assertThat(body.get("documentCount").asInt()).isEqualTo(7);
  }

  /** A run of the customer proves the patient is theirs: no S3 listing, so it answers while S3 is down. */
  @Test
  void aRunOfTheCustomerIsAnsweredWithoutAskingS3() {
    String patientId = "patient-" + UUID.randomUUID(); // no documents in S3, as if S3 could not be asked
    String requestId = UUID.randomUUID().toString();
    startRunAsTheApiWould(patientId, CX_A, requestId, 7L);

    assertThat(ApiClient.json(api.bulkStatus(patientId, KEY_A)).get("requestId").asString()).isEqualTo(requestId);
    assertApiError(api.bulkStatus(patientId, KEY_B), 404, "NOT_FOUND", "NotFoundError");
  }

  @Test
  void terminatedRunIsFailedWithItsCloseTime() {
    String patientId = s3.newPatient(CX_A);
    String requestId = ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString();
    client.newUntypedWorkflowStub(patientId).terminate("test: operator stopped it");

    JsonNode body = ApiClient.json(api.bulkStatus(patientId, KEY_A));

    assertThat(body.get("requestId").asString()).isEqualTo(requestId);
    assertThat(body.get("status").asString()).isEqualTo("failed");
    Instant startedAt = Instant.parse(body.get("startedAt").asString());
    assertThat(Instant.parse(body.get("closedAt").asString())).isAfterOrEqualTo(startedAt);
  }

  @Test
  void latestRunIsReported() {
    String patientId = s3.newPatient(CX_A);
    api.startBulk(patientId, KEY_A, null);
    client.newUntypedWorkflowStub(patientId).terminate("test: run is over");
    String second = ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString();

    JsonNode body = ApiClient.json(api.bulkStatus(patientId, KEY_A));

    assertThat(body.get("requestId").asString()).isEqualTo(second);
    assertThat(body.get("status").asString()).isEqualTo("processing");
    assertThat(body.has("closedAt")).isFalse();
  }

  @Test
  void patientWithoutRunIsNotFoundWithItsOwnDetail() {
    String patientId = s3.newPatient(CX_A);

    JsonNode error = assertApiError(api.bulkStatus(patientId, KEY_A), 404, "NOT_FOUND", "NotFoundError");

    assertThat(error.get("detail").asString()).isEqualTo("No bulk download request has been made for this patient");
  }

  @Test
  void unknownPatientIsTheTriggersNotFound() {
    HttpResponse<String> response = api.bulkStatus("patient-nobody-has-" + UUID.randomUUID(), KEY_A);

    assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
    assertThat(response.body()).isEqualTo(NOT_FOUND_BODY);
  }

  @Test
  void runOfAnotherCustomerUnderTheSamePatientIdIsNotRevealed() {
    String patientId = "shared-" + UUID.randomUUID();
    s3.putDocument(CX_A, patientId, "a.pdf");
    s3.putDocument(CX_B, patientId, "b.pdf");
    String requestOfA = ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString();

    HttpResponse<String> response = api.bulkStatus(patientId, KEY_B);

    assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
    assertThat(response.body()).isEqualTo(NOT_FOUND_BODY).doesNotContain(requestOfA);
  }

  @Test
  void patientIdIsValidatedLikeTheTrigger() {
    for (String query : new String[] {"", "?patientId=", "?patientId=a%2Fb", "?patientId=a..b", "?patientId=a&patientId=b"}) {
      HttpResponse<String> response =
          api.send("GET", ApiClient.BULK_PATH + query, KEY_A, java.net.http.HttpRequest.BodyPublishers.noBody(), null);

      assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
    }
  }

  @Test
  void statusNeedsAnApiKey() {
    assertApiError(api.bulkStatus(InMemoryS3.PATIENT_OF_A, null), 401, "UNAUTHORIZED", "UnauthorizedError");
    assertApiError(api.bulkStatus(InMemoryS3.PATIENT_OF_A, "not-a-key"), 401, "UNAUTHORIZED", "UnauthorizedError");
  }

  private void startRunAsTheApiWould(String patientId, String cxId, String requestId, long documentCount) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "BulkDownloadWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(patientId)
                .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
                .setMemo(Map.of(RunMemo.REQUEST_ID, requestId, RunMemo.CUSTOMER_ID, cxId))
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId)
                        .set(BulkDownloadSearchAttributes.STATUS, "processing")
                        .set(BulkDownloadSearchAttributes.DOCUMENT_COUNT, documentCount)
                        .build())
                .build());
    stub.start(BulkDownloadRequest.start(cxId, patientId, requestId, Map.of()));
  }
}
