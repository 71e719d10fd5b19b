package org.bulkdocs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.ApiAssertions.assertNoWorkflow;
import static org.bulkdocs.api.support.TestCustomers.CX_B;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.net.http.HttpResponse;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.api.support.StartAttempts;
import org.bulkdocs.contract.bulk.RunMemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Customer A can neither trigger nor read the status of customer B's patients, and cannot even tell
 * whether B has a run: every answer is Metriport's "Could not find patient", byte for byte.
 */
@ApiIntegrationTest
class CustomerIsolationTest {

  private static final String NOT_FOUND_BODY =
      "{\"status\":404,\"name\":\"NOT_FOUND\",\"title\":\"NotFoundError\",\"detail\":\"Could not find patient\"}";

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired InMemoryS3 s3;
  @Autowired StartAttempts startAttempts;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void aCannotTriggerBsPatient() {
    String patientOfB = s3.newPatient(CX_B);
    int attempts = startAttempts.count();

    assertNotFound(api.startBulk(patientOfB, KEY_A, "{\"metadata\":{\"from\":\"a\"}}"));

    assertThat(startAttempts.count()).isEqualTo(attempts);
    assertNoWorkflow(client, patientOfB);
  }

  @Test
  void aCannotTriggerNorAttachToBsRunningRun() {
    String patientOfB = s3.newPatient(CX_B);
    String requestOfB = ApiClient.json(api.startBulk(patientOfB, KEY_B, null)).get("requestId").asString();
    String runOfB = describe(patientOfB).getExecution().getRunId();

    HttpResponse<String> response = api.startBulk(patientOfB, KEY_A, null);

    assertNotFound(response);
    assertThat(response.body()).doesNotContain(requestOfB);
    WorkflowExecutionDescription run = describe(patientOfB);
    assertThat(run.getExecution().getRunId()).isEqualTo(runOfB);
    assertThat(run.getMemo(RunMemo.CUSTOMER_ID, String.class, String.class)).isEqualTo(CX_B);
  }

  @Test
  void aCannotReadTheStatusOfBsPatientWithOrWithoutARun() {
    String patientOfB = s3.newPatient(CX_B);
    assertNotFound(api.bulkStatus(patientOfB, KEY_A));

    String requestOfB = ApiClient.json(api.startBulk(patientOfB, KEY_B, null)).get("requestId").asString();
    HttpResponse<String> withRun = api.bulkStatus(patientOfB, KEY_A);

    assertNotFound(withRun);
    assertThat(withRun.body()).doesNotContain(requestOfB);
    // B itself sees its run.
    assertThat(ApiClient.json(api.bulkStatus(patientOfB, KEY_B)).get("requestId").asString()).isEqualTo(requestOfB);
  }

  @Test
  void bsSeededPatientIsUnknownToA() {
    assertNotFound(api.bulkStatus(InMemoryS3.PATIENT_OF_B, KEY_A));
    assertNotFound(api.startBulk(InMemoryS3.PATIENT_OF_B, KEY_A, null));
  }

  private WorkflowExecutionDescription describe(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe();
  }

  private static void assertNotFound(HttpResponse<String> response) {
    assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
    assertThat(response.body()).isEqualTo(NOT_FOUND_BODY);
  }
}
