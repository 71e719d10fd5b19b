package org.bulkdocs.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.api.support.InMemoryS3Initializer;
import org.bulkdocs.api.support.StartAttempts;
import org.bulkdocs.api.support.TemporalTestConfiguration;
import org.bulkdocs.api.support.TestCustomers;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * Tiny budgets (a burst of 3 run starts, 2 of everything else, then one call a minute) so each limit is
 * reached within a test. Budgets live
 * as long as the context, so every test spends those of its own customers (C and D are added here).
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.temporal.test-server.enabled=true",
      "bulkdocs.rate-limit.run-starts.requests-per-minute=1",
      "bulkdocs.rate-limit.run-starts.burst=3",
      "bulkdocs.rate-limit.settings-updates.requests-per-minute=1",
      "bulkdocs.rate-limit.settings-updates.burst=2",
      "bulkdocs.rate-limit.webhook-retries.requests-per-minute=1",
      "bulkdocs.rate-limit.webhook-retries.burst=2",
      "bulkdocs.rate-limit.webhook-status.requests-per-minute=1",
      "bulkdocs.rate-limit.webhook-status.burst=2",
      "bulkdocs.rate-limit.bulk-status.requests-per-minute=1",
      "bulkdocs.rate-limit.bulk-status.burst=2",
      "bulkdocs.status.progress-timeout=500ms",
      // All customers in one place: Spring binds a list from a single property source, so these cannot
      // be added to TestCustomers' two.
      "bulkdocs.customers[0].id=" + TestCustomers.CX_A,
      "bulkdocs.customers[0].api-key-sha256=" + RateLimitTest.KEY_A_SHA256,
      "bulkdocs.customers[1].id=" + TestCustomers.CX_B,
      "bulkdocs.customers[1].api-key-sha256=" + RateLimitTest.KEY_B_SHA256,
      "bulkdocs.customers[2].id=" + RateLimitTest.CX_C,
      "bulkdocs.customers[2].api-key-sha256=" + RateLimitTest.KEY_C_SHA256,
      "bulkdocs.customers[3].id=" + RateLimitTest.CX_D,
      "bulkdocs.customers[3].api-key-sha256=" + RateLimitTest.KEY_D_SHA256
    })
@ContextConfiguration(initializers = InMemoryS3Initializer.class)
@Import(TemporalTestConfiguration.class)
class RateLimitTest {

  // printf %s "$KEY" | sha256sum (annotation values must be constants; theTestKeysMatchTheirHashes checks them)
  static final String KEY_A_SHA256 = "5c5c184c79366d4d3d294b3c46cf22c15c28a57cd49292c0ac73b458c3050367";
  static final String KEY_B_SHA256 = "7d8ea141498e8e7fea04c280065e07f90930c481d5bdbed81d8e0237a2608d73";
  static final String CX_C = "cx-c";
  static final String KEY_C = "test-api-key-of-customer-c";
  static final String KEY_C_SHA256 = "415c08c8704ea9e9c5b0ec0d389cfaacb7e895b102890beae95585304086d27b";
  static final String CX_D = "cx-d";
  static final String KEY_D = "test-api-key-of-customer-d";
  static final String KEY_D_SHA256 = "5a6ade367ecf2260f392289a2475ebc31406342d72dbf0dfaa06defaf629eeeb";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired InMemoryS3 s3;
  @Autowired StartAttempts startAttempts;
  @Autowired MeterRegistry meters;
  @Autowired WorkflowClient client;

  @Test
  void onlyNewRunsAndUnknownPatientsTakeATokenAndTheFourthIsRefused() {
    ApiClient api = new ApiClient(port);
    String patientId = s3.newPatient(CX_A);

    // 400s, 413s and 415s take no token.
    for (int i = 0; i < 10; i++) {
      assertThat(api.post("patientId=a%2Fb", KEY_A, null).statusCode()).isEqualTo(400);
      assertThat(api.startBulk(patientId, KEY_A, "{\"metadata\":[]}").statusCode()).isEqualTo(400);
    }
    // A start and two lookups of unknown patients each take one; attaching to the run takes none.
    String requestId = ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString();
    for (int i = 0; i < 25; i++) {
      assertThat(ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString()).isEqualTo(requestId);
    }
    assertThat(api.startBulk("patient-nobody-has", KEY_A, null).statusCode()).isEqualTo(404);
    assertThat(api.startBulk("patient-nobody-has-either", KEY_A, null).statusCode()).isEqualTo(404);
    int attempts = startAttempts.count();
    double refusedBefore = refused(CX_A, RateLimit.RUN_START);

    HttpResponse<String> response = api.startBulk(s3.newPatient(CX_A), KEY_A, null);

    JsonNode error = assertApiError(response, 429, "TOO_MANY_REQUESTS", "TooManyRequestsError");
    long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(error.get("detail").asString())
        .isEqualTo("Too many bulk requests that start a new run; retry after " + retryAfter + " seconds");
    assertThat(startAttempts.count()).isEqualTo(attempts);
    assertThat(refused(CX_A, RateLimit.RUN_START)).isEqualTo(refusedBefore + 1);
    assertThat(new ApiClient(managementPort).send("GET", "/actuator/prometheus", null, BodyPublishers.noBody(), null).body())
        .containsPattern("bulkdocs_rate_limited_requests_total\\{[^}]*customer=\"cx-a\"[^}]*limit=\"run-starts\"");

    // With the budget used up, the run in progress is still answered, as often as asked.
    for (int i = 0; i < 25; i++) {
      assertThat(ApiClient.json(api.startBulk(patientId, KEY_A, null)).get("requestId").asString()).isEqualTo(requestId);
    }
    // Validation still answers first: a malformed request is a 400, not a 429.
    assertThat(api.post("patientId=", KEY_A, null).statusCode()).isEqualTo(400);
    // The status endpoint is not limited.
    assertThat(api.bulkStatus(patientId, KEY_A).statusCode()).isEqualTo(200);
  }

  @Test
  void settingsUpdatesWebhookStatusAndRetriesHaveBudgetsOfTheirOwn() {
    ApiClient api = new ApiClient(port);
    String clear = "{\"webhookUrl\":null}";
    for (int i = 0; i < 2; i++) {
      assertThat(api.send("POST", "/settings", KEY_B, BodyPublishers.ofString(clear), "application/json").statusCode())
          .isEqualTo(200);
      assertThat(api.send("GET", "/settings/webhook", KEY_B, BodyPublishers.noBody(), null).statusCode()).isEqualTo(200);
      assertThat(api.send("POST", "/settings/webhook/retry", KEY_B, BodyPublishers.noBody(), null).statusCode())
          .isEqualTo(200);
    }
    // A malformed update is still a 400 and costs nothing.
    assertThat(api.send("POST", "/settings", KEY_B, BodyPublishers.ofString("{\"x\":1}"), "application/json").statusCode())
        .isEqualTo(400);

    HttpResponse<String> update = api.send("POST", "/settings", KEY_B, BodyPublishers.ofString(clear), "application/json");
    HttpResponse<String> status = api.send("GET", "/settings/webhook", KEY_B, BodyPublishers.noBody(), null);
    HttpResponse<String> retry = api.send("POST", "/settings/webhook/retry", KEY_B, BodyPublishers.noBody(), null);

    assertThat(assertApiError(update, 429, "TOO_MANY_REQUESTS", "TooManyRequestsError").get("detail").asString())
        .startsWith("Too many settings updates; retry after ");
    assertThat(assertApiError(status, 429, "TOO_MANY_REQUESTS", "TooManyRequestsError").get("detail").asString())
        .startsWith("Too many webhook status reads; retry after ");
    assertThat(assertApiError(retry, 429, "TOO_MANY_REQUESTS", "TooManyRequestsError").get("detail").asString())
        .startsWith("Too many webhook retries; retry after ");
    assertThat(refused(TestCustomers.CX_B, RateLimit.SETTINGS_UPDATE)).isEqualTo(1);
    // Reading the settings costs one S3 read and is not limited; nor are the bulk endpoints by these budgets.
    assertThat(api.send("GET", "/settings", KEY_B, BodyPublishers.noBody(), null).statusCode()).isEqualTo(200);
    assertThat(api.startBulk(s3.newPatient(TestCustomers.CX_B), KEY_B, null).statusCode()).isEqualTo(200);
  }

  /** Each status read costs a Temporal describe (and an S3 listing or a worker query). */
  @Test
  void bulkStatusReadsHaveABudgetOfTheirOwn() {
    ApiClient api = new ApiClient(port);
    String patient = s3.newPatient(TestCustomers.CX_B);
    for (int i = 0; i < 2; i++) {
      assertThat(api.bulkStatus(patient, KEY_B).statusCode()).as("no run yet").isEqualTo(404);
    }
    HttpResponse<String> refused = api.bulkStatus(patient, KEY_B);
    assertThat(assertApiError(refused, 429, "TOO_MANY_REQUESTS", "TooManyRequestsError").get("detail").asString())
        .startsWith("Too many bulk status reads; retry after ");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused(TestCustomers.CX_B, RateLimit.BULK_STATUS)).isEqualTo(1);
    assertThat(api.bulkStatus("not a valid id!", KEY_B).statusCode()).as("a malformed read costs nothing").isEqualTo(400);
  }

  @Test
  void eachCustomerHasItsOwnBudget() {
    ApiClient api = new ApiClient(port);
    String patientOfD = s3.newPatient(CX_D);
    // C spends its budget (another test may have spent part of it already).
    int answers = 0;
    while (api.startBulk("patient-nobody-has", KEY_C, null).statusCode() == 404) {
      assertThat(++answers).isLessThanOrEqualTo(3);
    }
    assertThat(api.startBulk("patient-nobody-has", KEY_C, null).statusCode()).isEqualTo(429);

    assertThat(api.startBulk(patientOfD, KEY_D, null).statusCode()).isEqualTo(200);
    assertThat(refused(CX_D, RateLimit.RUN_START)).isZero();
  }

  @Test
  void aRetriggerIsNeverRefusedEvenOfARunThisInstanceDidNotStart() {
    ApiClient api = new ApiClient(port);
    String patientOfC = s3.newPatient(CX_C);
    String requestId = UUID.randomUUID().toString();
    BulkDownloadWorkflow elsewhere =
        client.newWorkflowStub(BulkDownloadWorkflow.class, BulkDownloadStartOptions.forPatient(CX_C, patientOfC, requestId));
    WorkflowClient.start(elsewhere::run, BulkDownloadRequest.start(CX_C, patientOfC, requestId, Map.of()));
    // C's budget (eachCustomerHasItsOwnBudget may have spent it already) is used up by lookups of unknown patients...
    while (api.startBulk("patient-nobody-has", KEY_C, null).statusCode() != 429) {
      // spend
    }

    // ...yet its run in progress is returned, however often it is asked for.
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = api.startBulk(patientOfC, KEY_C, null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(ApiClient.json(response).get("requestId").asString()).isEqualTo(requestId);
    }
    // A new run for C is still refused.
    assertThat(api.startBulk(s3.newPatient(CX_C), KEY_C, null).statusCode()).isEqualTo(429);
  }

  @Test
  void theTestKeysMatchTheirHashes() {
    assertThat(TestCustomers.sha256Hex(KEY_A)).isEqualTo(KEY_A_SHA256);
    assertThat(TestCustomers.sha256Hex(TestCustomers.KEY_B)).isEqualTo(KEY_B_SHA256);
    assertThat(TestCustomers.sha256Hex(KEY_C)).isEqualTo(KEY_C_SHA256);
    assertThat(TestCustomers.sha256Hex(KEY_D)).isEqualTo(KEY_D_SHA256);
  }

  @Test
  void unauthenticatedCallsAreRefusedBeforeTheLimit() {
    HttpResponse<String> response =
        new ApiClient(port).send("POST", ApiClient.BULK_PATH + "?patientId=p", "wrong", BodyPublishers.noBody(), null);

    assertApiError(response, 401, "UNAUTHORIZED", "UnauthorizedError");
  }

  private double refused(String cxId, RateLimit limit) {
    var counter = meters.find(CustomerRateLimits.METRIC).tag("customer", cxId).tag("limit", limit.tag()).counter();
    return counter == null ? 0 : counter.count();
  }
}
