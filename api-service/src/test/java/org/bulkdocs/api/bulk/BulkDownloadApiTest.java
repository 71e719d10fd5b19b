package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.ApiAssertions.assertNoWorkflow;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.CX_B;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.bulkdocs.api.patient.PatientDirectory;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.api.support.StartAttempts;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.RunMemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class BulkDownloadApiTest {

  private static final String NOT_FOUND_BODY =
      "{\"status\":404,\"name\":\"NOT_FOUND\",\"title\":\"NotFoundError\",\"detail\":\"Could not find patient\"}";

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired InMemoryS3 s3;
  @Autowired StartAttempts startAttempts;
  @Autowired MeterRegistry meters;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void startsOneRunPerPatientCarryingRequestIdCustomerAndMetadata() {
    String patientId = InMemoryS3.PATIENT_OF_A;

    HttpResponse<String> response =
        api.startBulk(patientId, KEY_A, "{\"metadata\":{\"youCan\":\"putAny\",\"stringKeyValue\":\"pairsHere\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = ApiClient.json(response);
    assertThat(body.propertyNames()).containsExactly("status", "requestId");
    assertThat(body.get("status").asString()).isEqualTo("processing");
    String requestId = body.get("requestId").asString();
    assertThat(UUID.fromString(requestId)).hasToString(requestId);

    WorkflowExecutionDescription run = client.newUntypedWorkflowStub(patientId).describe();
    assertThat(run.getWorkflowType()).isEqualTo("BulkDownloadWorkflow");
    assertThat(run.getTaskQueue()).isEqualTo(TaskQueues.BULK_DOWNLOAD);
    assertThat(run.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(run.getMemo(RunMemo.REQUEST_ID, String.class, String.class)).isEqualTo(requestId);
    assertThat(run.getMemo(RunMemo.CUSTOMER_ID, String.class, String.class)).isEqualTo(CX_A);
    assertThat(run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.CUSTOMER_ID)).isEqualTo(CX_A);
    assertThat(run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS)).isEqualTo("processing");
    assertThat(run.getStaticSummary())
        .isEqualTo("Bulk download URLs \u00b7 patient " + patientId + " \u00b7 request " + requestId);

    BulkDownloadRequest input = inputOf(patientId, run.getExecution().getRunId());
    assertThat(input.cxId()).isEqualTo(CX_A);
    assertThat(input.patientId()).isEqualTo(patientId);
    assertThat(input.requestId()).isEqualTo(requestId);
    assertThat(input.metadata()).isEqualTo(Map.of("youCan", "putAny", "stringKeyValue", "pairsHere"));
    assertThat(input.checkpoint()).isNull();
  }

  @Test
  void runWithoutBodyHasNoMetadata() {
    String patientId = s3.newPatient(CX_A);

    HttpResponse<String> response = api.startBulk(patientId, KEY_A, null);

    assertThat(response.statusCode()).isEqualTo(200);
    String runId = client.newUntypedWorkflowStub(patientId).describe().getExecution().getRunId();
    assertThat(inputOf(patientId, runId).metadata()).isEmpty();
  }

  @Test
  void repeatedCallDuringARunReturnsTheSameRequestIdAndStartsNothing() {
    String patientId = s3.newPatient(CX_A);

    String first = requestIdOf(api.startBulk(patientId, KEY_A, "{\"metadata\":{\"a\":\"1\"}}"));
    String second = requestIdOf(api.startBulk(patientId, KEY_A, "{\"metadata\":{\"a\":\"2\"}}"));
    String third = requestIdOf(api.startBulk(patientId, KEY_A, null));

    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
    String runId = client.newUntypedWorkflowStub(patientId).describe().getExecution().getRunId();
    assertThat(startedEvents(patientId, runId)).hasSize(1);
    assertThat(inputOf(patientId, runId).metadata()).isEqualTo(Map.of("a", "1"));
  }

  @Test
  void concurrentCallsForOnePatientShareOneRun() throws Exception {
    String patientId = s3.newPatient(CX_A);
    int callers = 50;
    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(
            pool.submit(
                () -> {
                  gate.await();
                  return api.startBulk(patientId, KEY_A, null);
                }));
      }
      gate.countDown();

      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> call : calls) {
        responses.add(call.get());
      }
      assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
      Set<String> requestIds = responses.stream().map(BulkDownloadApiTest::requestIdOf).collect(Collectors.toSet());
      assertThat(requestIds).hasSize(1);

      WorkflowExecutionDescription run = client.newUntypedWorkflowStub(patientId).describe();
      assertThat(run.getMemo(RunMemo.REQUEST_ID, String.class, String.class)).isEqualTo(requestIds.iterator().next());
      assertThat(startedEvents(patientId, run.getExecution().getRunId())).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void callAfterTheRunClosedStartsANewRunWithANewRequestId() {
    String patientId = s3.newPatient(CX_A);
    String first = requestIdOf(api.startBulk(patientId, KEY_A, null));
    String firstRunId = client.newUntypedWorkflowStub(patientId).describe().getExecution().getRunId();

    client.newUntypedWorkflowStub(patientId).terminate("test: run is over");
    String second = requestIdOf(api.startBulk(patientId, KEY_A, null));

    assertThat(second).isNotEqualTo(first);
    WorkflowExecutionDescription run = client.newUntypedWorkflowStub(patientId).describe();
    assertThat(run.getExecution().getRunId()).isNotEqualTo(firstRunId);
    assertThat(run.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(run.getMemo(RunMemo.REQUEST_ID, String.class, String.class)).isEqualTo(second);
  }

  @Test
  void unknownPatientIsNotFound() {
    String patientId = "patient-nobody-has-" + UUID.randomUUID();
    int attempts = startAttempts.count();

    HttpResponse<String> response = api.startBulk(patientId, KEY_A, null);

    assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
    assertThat(response.body()).isEqualTo(NOT_FOUND_BODY);
    assertThat(startAttempts.count()).isEqualTo(attempts);
    assertNoWorkflow(client, patientId);
  }

  @Test
  void anotherCustomersPatientIsTheSameNotFound() {
    int attempts = startAttempts.count();

    HttpResponse<String> response = api.startBulk(InMemoryS3.PATIENT_OF_B, KEY_A, null);

    assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
    assertThat(response.body()).isEqualTo(NOT_FOUND_BODY);
    assertThat(startAttempts.count()).isEqualTo(attempts);
    assertNoWorkflow(client, InMemoryS3.PATIENT_OF_B);
  }

  @Test
  void patientIdInUseByAnotherCustomersRunIsAConflict() {
    String patientId = "shared-" + UUID.randomUUID();
    s3.putDocument(CX_A, patientId, "a.pdf");
    s3.putDocument(CX_B, patientId, "b.pdf");
    String requestOfA = requestIdOf(api.startBulk(patientId, KEY_A, null));
    String runOfA = client.newUntypedWorkflowStub(patientId).describe().getExecution().getRunId();

    HttpResponse<String> response = api.startBulk(patientId, KEY_B, "{\"metadata\":{\"from\":\"b\"}}");

    JsonNode error = assertApiError(response, 409, "CONFLICT", "ConflictError");
    assertThat(error.get("detail").asString()).isEqualTo("another bulk request for this patient ID is in progress");
    assertThat(response.body()).doesNotContain(requestOfA).doesNotContain(CX_A);
    WorkflowExecutionDescription run = client.newUntypedWorkflowStub(patientId).describe();
    assertThat(run.getExecution().getRunId()).isEqualTo(runOfA);
    assertThat(run.getMemo(RunMemo.CUSTOMER_ID, String.class, String.class)).isEqualTo(CX_A);
    assertThat(run.getMemo(RunMemo.REQUEST_ID, String.class, String.class)).isEqualTo(requestOfA);
    assertThat(startedEvents(patientId, runOfA)).hasSize(1);
    // The owner still gets its own run back.
    assertThat(requestIdOf(api.startBulk(patientId, KEY_A, null))).isEqualTo(requestOfA);
  }

  @Test
  void anotherCustomersRunningPatientIsNotFoundNotAConflict() {
    String patientOfB = s3.newPatient(CX_B);
    requestIdOf(api.startBulk(patientOfB, KEY_B, null));
    int attempts = startAttempts.count();

    HttpResponse<String> response = api.startBulk(patientOfB, KEY_A, null);

    assertThat(response.body()).isEqualTo(NOT_FOUND_BODY);
    assertThat(startAttempts.count()).isEqualTo(attempts);
  }

  @Test
  void aRetriggerOfTheRunningRunIsOneTemporalReadWithoutS3OrAStart() {
    String patientId = s3.newPatient(CX_A);
    String requestId = requestIdOf(api.startBulk(patientId, KEY_A, null));
    int starts = startAttempts.count();
    int describes = startAttempts.describes();
    double lookups = patientLookups();

    for (int i = 0; i < 10; i++) {
      assertThat(requestIdOf(api.startBulk(patientId, KEY_A, "{\"metadata\":{\"n\":\"" + i + "\"}}")))
          .isEqualTo(requestId);
    }

    assertThat(startAttempts.count()).isEqualTo(starts);
    assertThat(startAttempts.describes()).isEqualTo(describes + 10);
    assertThat(patientLookups()).isEqualTo(lookups);
  }

  @Test
  void aStartThatCreatesTheRunIsAnS3ListingAndTheStartWithNoReadOfTemporal() {
    String patientId = s3.newPatient(CX_A);
    int describes = startAttempts.describes();
    int starts = startAttempts.count();
    double lookups = patientLookups();

    String requestId = requestIdOf(api.startBulk(patientId, KEY_A, null));

    // The patient exists (one listing), the start's own answer says it created the run: nothing is read.
    assertThat(patientLookups()).isEqualTo(lookups + 1);
    assertThat(startAttempts.count()).isEqualTo(starts + 1);
    assertThat(startAttempts.describes()).isEqualTo(describes);
    assertThat(client.newUntypedWorkflowStub(patientId).describe().getMemo(RunMemo.REQUEST_ID, String.class, String.class))
        .isEqualTo(requestId);
  }

  @Test
  void aRunThisInstanceNeverSawIsStillFoundAndAttachedTo() {
    // Started elsewhere (another API instance, or before a restart): no hint here.
    String patientId = s3.newPatient(CX_A);
    String requestId = UUID.randomUUID().toString();
    BulkDownloadWorkflow elsewhere =
        client.newWorkflowStub(BulkDownloadWorkflow.class, BulkDownloadStartOptions.forPatient(CX_A, patientId, requestId));
    WorkflowClient.start(elsewhere::run, BulkDownloadRequest.start(CX_A, patientId, requestId, Map.of("from", "elsewhere")));

    assertThat(requestIdOf(api.startBulk(patientId, KEY_A, null))).isEqualTo(requestId);
    assertThat(requestIdOf(api.startBulk(patientId, KEY_A, null))).isEqualTo(requestId);

    String runId = client.newUntypedWorkflowStub(patientId).describe().getExecution().getRunId();
    assertThat(startedEvents(patientId, runId)).hasSize(1);
    assertThat(inputOf(patientId, runId).metadata()).isEqualTo(Map.of("from", "elsewhere"));
  }

  @Test
  void metadataKeepsTheCustomersKeyOrder() {
    String patientId = s3.newPatient(CX_A);
    // Enough keys that a hash-ordered map (Map.copyOf) would almost surely reorder them.
    List<String> keys = List.of("zulu", "youCan", "stringKeyValue", "run", "alpha", "mike", "b", "a", "k9", "k10", "k1", "Z");
    String body =
        keys.stream().map(k -> "\"" + k + "\":\"v-" + k + "\"").collect(Collectors.joining(",", "{\"metadata\":{", "}}"));

    requestIdOf(api.startBulk(patientId, KEY_A, body));

    String runId = client.newUntypedWorkflowStub(patientId).describe().getExecution().getRunId();
    BulkDownloadRequest input = inputOf(patientId, runId);
    assertThat(List.copyOf(input.metadata().keySet())).containsExactlyElementsOf(keys);
    // ...and so does every copy the workflow makes of its input.
    assertThat(List.copyOf(input.continueWith(null).metadata().keySet())).containsExactlyElementsOf(keys);
  }

  @Test
  void otherMethodsOnTheBulkPathAreMethodNotAllowed() {
    String patientId = s3.newPatient(CX_A);
    for (String method : List.of("PUT", "PATCH")) {
      HttpResponse<String> response =
          api.send(method, ApiClient.BULK_PATH + "?patientId=" + patientId, KEY_A, BodyPublishers.noBody(), null);

      JsonNode error = assertApiError(response, 405, "METHOD_NOT_ALLOWED", "MethodNotAllowedError");
      assertThat(error.get("detail").asString())
          .isEqualTo("Method " + method + " is not allowed on this endpoint; use DELETE, GET, POST");
      assertThat(response.headers().firstValue("Allow").orElseThrow().split(",\\s*"))
          .containsExactlyInAnyOrder("GET", "POST", "DELETE");
    }
    assertNoWorkflow(client, patientId);
  }

  private double patientLookups() {
    var counter = meters.find(PatientDirectory.LOOKUPS).counter();
    return counter == null ? 0 : counter.count();
  }

  private BulkDownloadRequest inputOf(String workflowId, String runId) {
    HistoryEvent started = startedEvents(workflowId, runId).get(0);
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(
            0,
            Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
            BulkDownloadRequest.class,
            BulkDownloadRequest.class);
  }

  private List<HistoryEvent> startedEvents(String workflowId, String runId) {
    return client.fetchHistory(workflowId, runId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
        .toList();
  }

  private static String requestIdOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = ApiClient.json(response);
    assertThat(body.get("status").asString()).isEqualTo("processing");
    return body.get("requestId").asString();
  }
}
