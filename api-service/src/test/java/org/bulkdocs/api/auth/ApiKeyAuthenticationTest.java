package org.bulkdocs.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.ApiAssertions.assertNoWorkflow;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.CX_B;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.api.support.StartAttempts;
import org.bulkdocs.api.support.TestCustomers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@ApiIntegrationTest
class ApiKeyAuthenticationTest {

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired InMemoryS3 s3;
  @Autowired StartAttempts startAttempts;

  private ApiClient api;
  private String patientId;
  private int attemptsBefore;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
    patientId = s3.newPatient(CX_A);
    attemptsBefore = startAttempts.count();
  }

  @Test
  void missingKeyIsUnauthorized() {
    HttpResponse<String> response = api.startBulk(patientId, null, "{\"metadata\":{\"k\":\"v\"}}");

    assertThat(response.body())
        .isEqualTo(
            "{\"status\":401,\"name\":\"UNAUTHORIZED\",\"title\":\"UnauthorizedError\","
                + "\"detail\":\"Missing API key: send it in the x-api-key header\"}");
    assertApiError(response, 401, "UNAUTHORIZED", "UnauthorizedError");
    assertNothingStarted();
  }

  @Test
  void blankKeyIsUnauthorized() {
    HttpResponse<String> response =
        api.send("POST", ApiClient.BULK_PATH + "?patientId=" + patientId, " ", BodyPublishers.noBody(), null);

    assertApiError(response, 401, "UNAUTHORIZED", "UnauthorizedError");
    assertNothingStarted();
  }

  @Test
  void unknownKeyIsUnauthorized() {
    HttpResponse<String> response = api.startBulk(patientId, "not-a-key", null);

    assertThat(response.body())
        .isEqualTo(
            "{\"status\":401,\"name\":\"UNAUTHORIZED\",\"title\":\"UnauthorizedError\",\"detail\":\"Invalid API key\"}");
    assertApiError(response, 401, "UNAUTHORIZED", "UnauthorizedError");
    assertNothingStarted();
  }

  @Test
  void theHashOfAKeyIsNotAKey() {
    HttpResponse<String> response = api.startBulk(patientId, TestCustomers.sha256Hex(TestCustomers.KEY_A), null);

    assertApiError(response, 401, "UNAUTHORIZED", "UnauthorizedError");
    assertNothingStarted();
  }

  @Test
  void authenticationComesBeforeEveryOtherCheck() {
    // Invalid patient ID, invalid body, wrong method: all still 401 without a key.
    assertApiError(api.post("patientId=a%2Fb", null, "[oops"), 401, "UNAUTHORIZED", "UnauthorizedError");
    assertApiError(
        api.send("GET", ApiClient.BULK_PATH + "?patientId=" + patientId, null, BodyPublishers.noBody(), null),
        401,
        "UNAUTHORIZED",
        "UnauthorizedError");
    assertApiError(
        api.send("GET", "/medical/v1/no-such-endpoint", null, BodyPublishers.noBody(), null),
        401,
        "UNAUTHORIZED",
        "UnauthorizedError");
    assertNothingStarted();
  }

  @Test
  void pathTricksDoNotBypassAuthentication() {
    for (String path :
        new String[] {
          "/medical/v1/document/download-url/bulk;x=y?patientId=" + patientId,
          "/other/../medical/v1/document/download-url/bulk?patientId=" + patientId,
          "/./medical/v1/document/download-url/bulk?patientId=" + patientId,
          "//medical/v1/document/download-url/bulk?patientId=" + patientId
        }) {
      HttpResponse<String> response = api.send("POST", path, null, BodyPublishers.noBody(), null);
      assertThat(response.statusCode()).as(path).isIn(401, 404);
    }
    assertNothingStarted();
  }

  @Test
  void eachKeyActsAsItsOwnCustomer() {
    String patientOfB = s3.newPatient(CX_B);

    HttpResponse<String> response = api.startBulk(patientOfB, KEY_B, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(client.newUntypedWorkflowStub(patientOfB).describe().getMemo("cxId", String.class, String.class))
        .isEqualTo(CX_B);
  }

  private void assertNothingStarted() {
    assertThat(startAttempts.count()).isEqualTo(attemptsBefore);
    assertNoWorkflow(client, patientId);
  }
}
