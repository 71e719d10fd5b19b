package org.bulkdocs.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.CX_B;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_B;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.WorkflowExecutionHistory;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.LocalKeyEncryptionKeys;
import org.bulkdocs.common.state.settings.WebhookKeyCipher;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metriport's settings endpoints over real HTTP, against S3Proxy and the Temporal test server (no
 * worker runs here: the ping and redelivery workflows are started, and the worker's own tests run them).
 */
@ApiIntegrationTest
class SettingsApiTest {

  /** TEST-NET-3: a public-looking address that needs no DNS; nothing is ever sent to it here. */
  private static final String PUBLIC_URL = "https://203.0.113.10/metriport/webhook";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired org.bulkdocs.common.temporal.EncryptionCodec payloadCodec;
  @Autowired WorkflowClient client;
  @Autowired CustomerSettingsStore store;
  @Autowired WebhookLedger ledger;
  @Autowired S3Client s3Client;
  @Autowired S3Properties s3Properties;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  private HttpResponse<String> get(String path, String key) {
    return api.send("GET", path, key, BodyPublishers.noBody(), null);
  }

  private HttpResponse<String> post(String path, String key, String body) {
    return api.send("POST", path, key, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body), "application/json");
  }

  private JsonNode setUrl(String key, String url) {
    HttpResponse<String> response = post("/settings", key, url == null ? "{\"webhookUrl\":null}" : "{\"webhookUrl\":\"" + url + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiClient.json(response);
  }

  /**
   * Settings written under a key-encryption key the service no longer has (retired before every setting
   * was re-wrapped): a clear 503, never a 500, and the key's ID is what the log names.
   */
  @Test
  void settingsNoConfiguredKeyDecryptsAre503() {
    CustomerSettingsStore retiredKey =
        new CustomerSettingsStore(
            s3Client,
            s3Properties.bucket(),
            StoragePrefix.DEFAULT,
            new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.NEXT_KEY, TestKeyEncryption.NEXT)));
    retiredKey.update(CX_B, current -> new CustomerSettings(CX_B, PUBLIC_URL, "a".repeat(64), "rev-retired", true, null, null));
    try {
      HttpResponse<String> response = get("/settings", KEY_B);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(response.body()).contains("cannot be read right now").doesNotContain("test-2").doesNotContain("Exception");
    } finally {
      assertThat(setUrl(KEY_B, "").get("webhookUrl").isNull()).as("a new URL replaces what cannot be read").isTrue();
    }
  }

  @Test
  void settingAUrlGeneratesAKeyKeepsItAndClearingRotatesIt() {
    JsonNode first = setUrl(KEY_A, PUBLIC_URL);
    assertThat(first.propertyNames())
        .containsExactly("id", "webhookUrl", "webhookKey", "webhookPageSize", "webhookUrlValidityMinutes");
    assertThat(first.get("id").asString()).isEqualTo(CX_A);
    assertThat(first.get("webhookUrl").asString()).isEqualTo(PUBLIC_URL);
    String key = first.get("webhookKey").asString();
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(ApiClient.json(get("/settings", KEY_A))).isEqualTo(first);

    JsonNode moved = setUrl(KEY_A, PUBLIC_URL + "/v2");
    assertThat(moved.get("webhookKey").asString()).as("a new URL keeps the key").isEqualTo(key);

    JsonNode cleared = setUrl(KEY_A, "");
    assertThat(cleared.get("webhookUrl").isNull()).isTrue();
    assertThat(cleared.get("webhookKey").isNull()).isTrue();
    assertThat(ApiClient.json(get("/settings", KEY_A)).get("webhookUrl").isNull()).isTrue();

    JsonNode again = setUrl(KEY_A, PUBLIC_URL);
    assertThat(again.get("webhookKey").asString()).as("clearing then setting rotates the key").isNotEqualTo(key);

    assertThat(setUrl(KEY_A, null).get("webhookKey").isNull()).as("null clears too").isTrue();
    assertThat(ApiClient.json(post("/settings", KEY_A, "{}")).get("webhookUrl").isNull()).isTrue();
  }

  @Test
  void aPageSizeIsAPreferenceOfItsOwnThatTheUrlKeepsAndBadValuesNeverReachTheStore() {
    JsonNode saved = setUrl(KEY_A, PUBLIC_URL);
    String revision = store.find(CX_A).orElseThrow().revision();
    assertThat(saved.get("webhookPageSize").isNull()).as("the service's default").isTrue();

    HttpResponse<String> paged = post("/settings", KEY_A, "{\"webhookPageSize\": 500}");
    assertThat(paged.statusCode()).as(paged.body()).isEqualTo(200);
    JsonNode answer = ApiClient.json(paged);
    assertThat(answer.get("webhookPageSize").asInt()).isEqualTo(500);
    assertThat(answer.get("webhookUrl").asString()).as("only the page size changed").isEqualTo(PUBLIC_URL);
    assertThat(answer.get("webhookKey").asString()).isEqualTo(saved.get("webhookKey").asString());
    assertThat(store.find(CX_A).orElseThrow().revision()).as("no new ping for a page size").isEqualTo(revision);
    assertThat(ApiClient.json(get("/settings", KEY_A)).get("webhookPageSize").asInt()).isEqualTo(500);
    assertThat(store.find(CX_A).orElseThrow().webhookPageSize()).as("what the worker reads").isEqualTo(500);

    assertThat(setUrl(KEY_A, PUBLIC_URL + "/v2").get("webhookPageSize").asInt()).as("kept by a new URL").isEqualTo(500);
    assertThat(setUrl(KEY_A, "").get("webhookPageSize").asInt()).as("kept when the URL is cleared").isEqualTo(500);
    JsonNode both = ApiClient.json(post("/settings", KEY_A, "{\"webhookUrl\": \"" + PUBLIC_URL + "\", \"webhookPageSize\": 0}"));
    assertThat(both.get("webhookUrl").asString()).isEqualTo(PUBLIC_URL);
    assertThat(both.get("webhookPageSize").asInt()).isZero();
    assertThat(ApiClient.json(post("/settings", KEY_A, "{\"webhookPageSize\": null}")).get("webhookPageSize").isNull()).isTrue();

    for (String bad :
        List.of("-1", "100001", "1.5", "\"500\"", "true", "[5]", "1e400", "99999999999999999999")) {
      HttpResponse<String> refused = post("/settings", KEY_A, "{\"webhookPageSize\": " + bad + "}");
      assertThat(assertApiError(refused, 400, "BAD_REQUEST", "BadRequestError").get("detail").asString())
          .as(bad)
          .contains("webhookPageSize must be");
    }
    assertThat(store.find(CX_A).orElseThrow().webhookPageSize()).as("nothing half-done").isNull();
  }

  @Test
  void settingsAreDurableAndSharedWithTheWorkerThroughTheStore() {
    JsonNode saved = setUrl(KEY_A, PUBLIC_URL);
    CustomerSettings stored = store.find(CX_A).orElseThrow();
    assertThat(stored.webhookUrl()).isEqualTo(PUBLIC_URL);
    assertThat(stored.webhookKey()).isEqualTo(saved.get("webhookKey").asString());
    assertThat(stored.webhookEnabled()).isFalse();
    assertThat(stored.webhookStatusDetail()).isEqualTo(WebhookStatus.VERIFYING);
  }

  @Test
  void settingAUrlStartsAPingOfExactlyThoseSettingsAndANewerOneReplacesIt() {
    setUrl(KEY_A, PUBLIC_URL);
    String firstRevision = store.find(CX_A).orElseThrow().revision();
    String pingId = WebhookWorkflowIds.ping(CX_A);
    WorkflowExecutionDescription first = client.newUntypedWorkflowStub(pingId).describe();
    assertThat(first.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(first.getWorkflowType()).isEqualTo("WebhookPingWorkflow");
    String input = startInput(pingId, first.getExecution().getRunId());
    assertThat(input).contains(firstRevision).doesNotContain(PUBLIC_URL).doesNotContain(store.find(CX_A).orElseThrow().webhookKey());

    setUrl(KEY_A, PUBLIC_URL + "/v2");
    String secondRevision = store.find(CX_A).orElseThrow().revision();
    WorkflowExecutionDescription second = client.newUntypedWorkflowStub(pingId).describe();
    assertThat(second.getExecution().getRunId()).isNotEqualTo(first.getExecution().getRunId());
    assertThat(startInput(pingId, second.getExecution().getRunId())).contains(secondRevision);
    assertThat(
            client.newUntypedWorkflowStub(
                    io.temporal.client.WorkflowTargetOptions.newBuilder()
                        .setWorkflowId(pingId)
                        .setRunId(first.getExecution().getRunId())
                        .build())
                .describe()
                .getStatus())
        .as("the ping of the replaced URL is terminated")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
  }

  /** The start's input as JSON, decrypted as a worker would. */
  private String startInput(String workflowId, String runId) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId, runId);
    io.temporal.api.common.v1.Payload stored =
        history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
    return payloadCodec.decode(java.util.List.of(stored)).get(0).getData().toStringUtf8();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/meta-data/",
        "https://10.1.2.3/hook",
        "https://172.16.5.4/hook",
        "https://192.168.0.10/hook",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:0:a9fe:a9fe]/latest/meta-data/",
        "https://224.0.0.1/hook",
        "https://localhost/hook",
        "https://localhost:8443/hook"
      })
  void urlsPointingAtInternalAddressesAreRefusedAndNothingChanges(String url) {
    setUrl(KEY_B, PUBLIC_URL);
    CustomerSettings before = store.find(CX_B).orElseThrow();

    JsonNode error = assertApiError(post("/settings", KEY_B, "{\"webhookUrl\":\"" + url + "\"}"), 400, "BAD_REQUEST", "BadRequestError");

    assertThat(error.get("detail").asString()).isEqualTo(WebhookUrlValidator.INTERNAL_ADDRESS);
    assertThat(store.find(CX_B).orElseThrow()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"webhookUrl\":\"http://203.0.113.10/hook\"}",
        "{\"webhookUrl\":\"ftp://203.0.113.10/hook\"}",
        "{\"webhookUrl\":\"203.0.113.10/hook\"}",
        "{\"webhookUrl\":\"https:///hook\"}",
        "{\"webhookUrl\":\"https://user:pass@203.0.113.10/hook\"}",
        "{\"webhookUrl\":\"https://203.0.113.10/hook#fragment\"}",
        "{\"webhookUrl\":\"https://203.0.113.10/ hook\"}",
        "{\"webhookUrl\":\"https://no-such-host.invalid/hook\"}",
        "{\"webhookUrl\":\"https://127.1/hook\"}",
        "{\"webhookUrl\":42}",
        "{\"webhookUrl\":[\"https://203.0.113.10/\"]}",
        "{\"webhookUrl\":\"https://203.0.113.10/\",\"webhookKey\":\"mine\"}",
        "{\"webhookUrl\":\"https://203.0.113.10/\",\"webhookUrl\":\"https://203.0.113.11/\"}",
        "[\"https://203.0.113.10/\"]",
        "\"https://203.0.113.10/\"",
        "{\"webhookUrl\":",
        "",
      })
  void malformedBodiesAndUrlsAreBadRequests(String body) {
    assertApiError(post("/settings", KEY_B, body), 400, "BAD_REQUEST", "BadRequestError");
  }

  @Test
  void tooLongUrlsBodiesAndNonJsonAreRefused() {
    String longUrl = "https://203.0.113.10/" + "a".repeat(WebhookUrlValidator.MAX_LENGTH);
    JsonNode error =
        assertApiError(post("/settings", KEY_B, "{\"webhookUrl\":\"" + longUrl + "\"}"), 400, "BAD_REQUEST", "BadRequestError");
    assertThat(error.get("detail").asString()).contains("2048");
    String justRight = "https://203.0.113.10/" + "a".repeat(WebhookUrlValidator.MAX_LENGTH - 21);
    assertThat(justRight).hasSize(WebhookUrlValidator.MAX_LENGTH);
    assertThat(setUrl(KEY_B, justRight).get("webhookUrl").asString()).isEqualTo(justRight);

    String huge = "{\"webhookUrl\":\"https://203.0.113.10/" + "a".repeat(SettingsRequestParser.MAX_BODY_BYTES) + "\"}";
    assertApiError(post("/settings", KEY_B, huge), 413, "PAYLOAD_TOO_LARGE", "PayloadTooLargeError");
    assertApiError(
        api.send("POST", "/settings", KEY_B, BodyPublishers.ofString("webhookUrl=https://203.0.113.10/"), "application/x-www-form-urlencoded"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "UnsupportedMediaTypeError");
  }

  @Test
  void everySettingsEndpointNeedsAValidApiKey() {
    for (String path : List.of("/settings", "/settings/webhook")) {
      assertApiError(get(path, null), 401, "UNAUTHORIZED", "UnauthorizedError");
      assertApiError(get(path, "not-a-key"), 401, "UNAUTHORIZED", "UnauthorizedError");
    }
    assertApiError(post("/settings", null, "{\"webhookUrl\":\"" + PUBLIC_URL + "\"}"), 401, "UNAUTHORIZED", "UnauthorizedError");
    assertApiError(post("/settings/webhook/retry", "not-a-key", null), 401, "UNAUTHORIZED", "UnauthorizedError");
  }

  @Test
  void customersNeverSeeOrChangeEachOthersSettings() {
    JsonNode a = setUrl(KEY_A, PUBLIC_URL + "/a");
    JsonNode b = setUrl(KEY_B, PUBLIC_URL + "/b");

    assertThat(ApiClient.json(get("/settings", KEY_A))).isEqualTo(a);
    assertThat(ApiClient.json(get("/settings", KEY_B))).isEqualTo(b);
    assertThat(a.get("webhookKey").asString()).isNotEqualTo(b.get("webhookKey").asString());
    setUrl(KEY_B, "");
    assertThat(ApiClient.json(get("/settings", KEY_A))).isEqualTo(a);
  }

  @Test
  void webhookStatusReportsThePingStateAndTheLedgerCountsOfThisCustomerOnly() {
    emptyLedger(CX_A);
    emptyLedger(CX_B);
    setUrl(KEY_A, PUBLIC_URL);
    ledger.markProcessing(entry(CX_A));
    ledger.markProcessing(entry(CX_A));
    for (int i = 0; i < 3; i++) {
      ledger.markFailed(entry(CX_A).failed("endpoint refused the message 3 times"));
    }

    JsonNode status = ApiClient.json(get("/settings/webhook", KEY_A));
    assertThat(status.propertyNames())
        .containsExactly("webhookEnabled", "webhookStatusDetail", "webhookRequestsProcessing", "webhookRequestsFailed");
    assertThat(status.get("webhookEnabled").asBoolean()).isFalse();
    assertThat(status.get("webhookStatusDetail").asString()).isEqualTo(WebhookStatus.VERIFYING);
    assertThat(status.get("webhookRequestsProcessing").asInt()).isEqualTo(2);
    assertThat(status.get("webhookRequestsFailed").asInt()).isEqualTo(3);

    // what the worker records once the ping is answered
    CustomerSettings current = store.find(CX_A).orElseThrow();
    new WebhookStatus(store).pingAnswered(CX_A, current.revision(), true, "Webhook endpoint answered the ping");
    assertThat(ApiClient.json(get("/settings/webhook", KEY_A)).get("webhookEnabled").asBoolean()).isTrue();

    JsonNode other = ApiClient.json(get("/settings/webhook", KEY_B));
    assertThat(other.get("webhookRequestsProcessing").asInt()).isZero();
    assertThat(other.get("webhookRequestsFailed").asInt()).isZero();
  }

  @Test
  void retryRedeliversEachFailedMessageWithItsOriginalIdentityOnceAtATime() {
    emptyLedger(CX_A);
    emptyLedger(CX_B);
    LedgerEntry first = entry(CX_A).failed("endpoint refused the message 3 times");
    LedgerEntry second = entry(CX_A).failed("not delivered within the delivery window");
    ledger.markFailed(first);
    ledger.markFailed(second);
    ledger.markFailed(entry(CX_B).failed("gave up"));

    HttpResponse<String> response = post("/settings/webhook/retry", KEY_A, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(ApiClient.json(response).get("retried").asInt()).isEqualTo(2);

    for (LedgerEntry failed : List.of(first, second)) {
      String workflowId = WebhookWorkflowIds.redelivery(failed.messageId());
      WorkflowExecutionDescription run = client.newUntypedWorkflowStub(workflowId).describe();
      assertThat(run.getWorkflowType()).isEqualTo("BulkDownloadWorkflow");
      assertThat(run.getMemo(RunMemo.REQUEST_ID, String.class)).isEqualTo(failed.requestId());
      assertThat(run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.CUSTOMER_ID)).isEqualTo(CX_A);
      JsonNode input = JSON.readTree(startInput(workflowId, run.getExecution().getRunId()));
      assertThat(input.get("redeliveryOf").asString()).isEqualTo(failed.messageId());
      assertThat(input.get("requestId").asString()).isEqualTo(failed.requestId());
      assertThat(input.get("patientId").asString()).isEqualTo(failed.patientId());
      assertThat(JSON.convertValue(input.get("metadata"), new tools.jackson.core.type.TypeReference<Map<String, String>>() {}))
          .isEqualTo(failed.metadata());
    }

    // retrying again while those run attaches to them instead of sending twice
    String runId = client.newUntypedWorkflowStub(WebhookWorkflowIds.redelivery(first.messageId())).describe().getExecution().getRunId();
    assertThat(ApiClient.json(post("/settings/webhook/retry", KEY_A, null)).get("retried").asInt()).isEqualTo(2);
    assertThat(client.newUntypedWorkflowStub(WebhookWorkflowIds.redelivery(first.messageId())).describe().getExecution().getRunId())
        .isEqualTo(runId);
    emptyLedger(CX_B);
    assertThat(ApiClient.json(post("/settings/webhook/retry", KEY_B, null)).get("retried").asInt()).isZero();
  }

  private static LedgerEntry entry(String cx) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("youCanPut", "anything");
    metadata.put("ticket", "T-1 ✓");
    return LedgerEntry.processing(cx, "patient-" + UUID.randomUUID(), UUID.randomUUID().toString(), UUID.randomUUID().toString(), metadata);
  }

  private void emptyLedger(String cx) {
    for (WebhookLedger.State state : WebhookLedger.State.values()) {
      for (LedgerEntry entry : ledger.entries(cx, state, 10_000)) {
        ledger.markDelivered(cx, entry.messageId());
      }
    }
  }
}
