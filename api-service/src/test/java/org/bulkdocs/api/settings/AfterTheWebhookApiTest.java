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
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.RunMemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints customers use after the webhook, over real HTTP against S3Proxy and the Temporal test
 * server (no worker: the redeliveries and recoveries they start are run by the worker's own tests).
 */
@ApiIntegrationTest
class AfterTheWebhookApiTest {

  private static final String PUBLIC_URL = "https://203.0.113.10/metriport/webhook";

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired WebhookRequestLog requests;
  @Autowired WebhookLedger ledger;
  @Autowired CustomerSettingsStore store;
  @Autowired InMemoryS3 s3;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void theLogPagesMostRecentFirstInMetriportsShapeAndShowsAGivenUpRunsMessagesAsFailures() {
    String cx = CX_A;
    String patient = "patient-" + UUID.randomUUID();
    // later than anything other tests log in this shared context, so these are the most recent
    Instant base = Instant.parse("2030-01-01T00:00:00Z");
    List<String> ids = new ArrayList<>();
    String failedRun = UUID.randomUUID().toString();
    for (int i = 0; i < 7; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      String status = i == 6 ? LoggedRequest.PROCESSING : LoggedRequest.SUCCESS;
      requests.put(cx, logged(id, i == 6 ? failedRun : id, patient, base.plusSeconds(i), status));
    }
    ledger.markFailed(
        LedgerEntry.processing(cx, patient, "r", failedRun, Map.of()).failed("endpoint refused the message 3 times"));
    String ofB = UUID.randomUUID().toString();
    requests.put(CX_B, logged(ofB, "x", "patient-of-b", base.plusSeconds(3), LoggedRequest.SUCCESS));

    // page through most recent first, 3 at a time, following meta.nextPage as a client would
    List<String> seen = new ArrayList<>();
    String next = "/settings/webhook/request?count=3";
    JsonNode newest = null;
    while (next != null) {
      HttpResponse<String> response = api.send("GET", next, KEY_A, BodyPublishers.noBody(), null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = ApiClient.json(response);
      assertThat(page.propertyNames()).containsExactly("meta", "requests");
      assertThat(page.get("meta").get("itemsOnPage").asInt()).isEqualTo(page.get("requests").size());
      if (newest == null) {
        newest = page.get("requests").get(0);
        assertThat(page.get("meta").has("prevPage")).as("the first page has no previous page").isFalse();
      }
      page.get("requests").forEach(r -> seen.add(r.get("id").asString()));
      next = page.get("meta").has("nextPage") ? pathOf(page.get("meta").get("nextPage").asString()) : null;
    }
    List<String> mine = seen.stream().filter(ids::contains).toList();
    List<String> expected = new ArrayList<>(ids);
    java.util.Collections.reverse(expected);
    assertThat(mine).as("most recent first, each once").isEqualTo(expected);
    assertThat(seen).as("only this customer's messages").doesNotContain(ofB).doesNotHaveDuplicates();

    assertThat(newest.get("id").asString()).isEqualTo(ids.get(6));
    assertThat(newest.get("status").asString()).as("its run gave up").isEqualTo("failure");
    assertThat(newest.get("lastError").asString()).isEqualTo("endpoint refused the message 3 times");
    assertThat(newest.propertyNames())
        .containsExactly("id", "type", "status", "createdAt", "requestId", "patientId", "attempts", "lastHttpStatus", "lastError");
    assertThat(newest.toString()).doesNotContain("http").doesNotContain("youCanPut");

    // and back: the last page's prevPage leads to the page before it
    JsonNode oldestFirst =
        ApiClient.json(
            api.send(
                "GET", "/settings/webhook/request?sort=createdAt=asc&count=2&fromItem=" + ids.get(0), KEY_A,
                BodyPublishers.noBody(), null));
    assertThat(oldestFirst.get("requests").get(1).get("id").asString()).isEqualTo(ids.get(1));
    JsonNode second =
        ApiClient.json(api.send("GET", pathOf(oldestFirst.get("meta").get("nextPage").asString()), KEY_A, BodyPublishers.noBody(), null));
    JsonNode back =
        ApiClient.json(api.send("GET", pathOf(second.get("meta").get("prevPage").asString()), KEY_A, BodyPublishers.noBody(), null));
    assertThat(back.get("requests")).isEqualTo(oldestFirst.get("requests"));
  }

  @Test
  void badPagingIsA400() {
    for (String query :
        List.of(
            "count=0", "count=501", "count=ten", "sort=size", "sort=createdAt=up", "fromItem=a&toItem=b", "fromItem=../x",
            "count=1&count=2")) {
      HttpResponse<String> response =
          api.send("GET", "/settings/webhook/request?" + query, KEY_A, BodyPublishers.noBody(), null);
      refused(response, 400);
    }
  }

  @Test
  void aCursorNoLongerInTheLogGivesAnEmptyPage() {
    JsonNode page =
        ApiClient.json(api.send("GET", "/settings/webhook/request?fromItem=expired-long-ago", KEY_A, BodyPublishers.noBody(), null));
    assertThat(page.get("meta").get("itemsOnPage").asInt()).isZero();
    assertThat(page.get("meta").has("nextPage")).isFalse();
    assertThat(page.get("requests").size()).isZero();
  }

  @Test
  void oneMessageIsRedeliveredWithItsRunsIdentityWhetherItFailedOrWasDelivered() throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    String runMessageId = UUID.randomUUID().toString();
    String pageId = UUID.randomUUID().toString();
    requests.put(CX_A, logged(pageId, runMessageId, patient, Instant.now(), LoggedRequest.SUCCESS));

    HttpResponse<String> response = api.send("POST", "/settings/webhook/request/" + pageId + "/retry", KEY_A, BodyPublishers.noBody(), null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(ApiClient.json(response).get("status").asString()).isEqualTo("processing");
    WorkflowExecutionDescription redelivery = client.newUntypedWorkflowStub(WebhookWorkflowIds.redelivery(runMessageId)).describe();
    assertThat(redelivery.getMemo(RunMemo.REQUEST_ID, String.class)).isEqualTo("request-of-" + runMessageId);

    refused(
        api.send("POST", "/settings/webhook/request/" + pageId + "/retry", KEY_B, BodyPublishers.noBody(), null), 404);
    refused(
        api.send("POST", "/settings/webhook/request/" + UUID.randomUUID() + "/retry", KEY_A, BodyPublishers.noBody(), null), 404);
    // ".." never reaches the storage key (Schemathesis once found it a 500)
    refused(api.send("POST", "/settings/webhook/request/w65F0..MB/retry", KEY_A, BodyPublishers.noBody(), null), 400);
    String ping = UUID.randomUUID().toString();
    requests.put(CX_A, new LoggedRequest(ping, "ping", "success", Instant.now().toString(), Instant.now().toString(), null, null, null, null, null, 1, 200, null, Map.of(), null, null, null));
    refused(api.send("POST", "/settings/webhook/request/" + ping + "/retry", KEY_A, BodyPublishers.noBody(), null), 400);
  }

  @Test
  void aRecoveryRunsInTheBackgroundOnceAtATime() {
    String body = "{\"since\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\"}";
    HttpResponse<String> first = api.send("POST", "/settings/webhook/recover", KEY_B, BodyPublishers.ofString(body), "application/json");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(ApiClient.json(first).get("status").asString()).isEqualTo("started");
    WorkflowExecutionDescription running = client.newUntypedWorkflowStub(WebhookWorkflowIds.recovery(CX_B)).describe();
    assertThat(running.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    HttpResponse<String> second = api.send("POST", "/settings/webhook/recover", KEY_B, BodyPublishers.ofString(body), "application/json");
    assertThat(ApiClient.json(second).get("status").asString()).isEqualTo("in-progress");
    assertThat(client.newUntypedWorkflowStub(WebhookWorkflowIds.recovery(CX_B)).describe().getExecution().getRunId())
        .as("nothing new started")
        .isEqualTo(running.getExecution().getRunId());

    for (String bad :
        List.of("{}", "{\"since\":\"yesterday\"}", "{\"since\":\"2026-01-02T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"}",
            "{\"since\":\"2026-01-01T00:00:00Z\",\"extra\":1}", "[]")) {
      refused(api.send("POST", "/settings/webhook/recover", KEY_A, BodyPublishers.ofString(bad), "application/json"), 400);
    }
  }

  @Test
  void aKeyRotatesWithAnOverlapAndNeedsAWebhook() {
    store.update(CX_A, current -> new CustomerSettings(CX_A, null, null, "rev-none", false, "No webhook URL is set", null));
    refused(api.send("POST", "/settings/webhook/key", KEY_A, BodyPublishers.noBody(), null), 409);

    store.update(CX_A, current -> new CustomerSettings(CX_A, PUBLIC_URL, "old-key-0123456789", "rev-key", true, "ok", null));
    HttpResponse<String> rotated = api.send("POST", "/settings/webhook/key", KEY_A, BodyPublishers.noBody(), null);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    JsonNode answer = ApiClient.json(rotated);
    String newKey = answer.get("webhookKey").asString();
    assertThat(newKey).matches("[0-9a-f]{64}");
    Instant until = Instant.parse(answer.get("previousKeyValidUntil").asString());
    assertThat(Duration.between(Instant.now().plus(Duration.ofHours(24)), until).abs()).isLessThan(Duration.ofMinutes(1));
    CustomerSettings saved = store.find(CX_A).orElseThrow();
    assertThat(saved.webhookKey()).isEqualTo(newKey);
    assertThat(saved.previousWebhookKey()).isEqualTo("old-key-0123456789");
    assertThat(saved.webhookUrl()).as("the URL stays").isEqualTo(PUBLIC_URL);
    assertThat(ApiClient.json(api.send("GET", "/settings", KEY_A, BodyPublishers.noBody(), null)).get("webhookKey").asString())
        .isEqualTo(newKey);

    JsonNode atOnce =
        ApiClient.json(
            api.send("POST", "/settings/webhook/key", KEY_A, BodyPublishers.ofString("{\"overlapHours\":0}"), "application/json"));
    assertThat(atOnce.get("previousKeyValidUntil").isNull()).isTrue();
    assertThat(store.find(CX_A).orElseThrow().previousWebhookKey()).isNull();

    for (String bad : List.of("{\"overlapHours\":-1}", "{\"overlapHours\":169}", "{\"overlapHours\":1.5}", "{\"hours\":1}")) {
      refused(api.send("POST", "/settings/webhook/key", KEY_A, BodyPublishers.ofString(bad), "application/json"), 400);
    }
  }

  @Test
  void dateFiltersAreCheckedBeforeAnythingStartsAndShowInTheRunsStatus() {
    String patient = s3.newPatient(CX_A);
    for (String bad :
        List.of("dateFrom=2026-02-30", "dateFrom=2026-1-1", "dateTo=", "dateFrom=2026-03-02&dateTo=2026-03-01",
            "dateFrom=2026-01-01&dateFrom=2026-01-02")) {
      HttpResponse<String> refused = api.post("patientId=" + patient + "&" + bad, KEY_A, null);
      refused(refused, 400);
    }
    refused(api.bulkStatus(patient, KEY_A), 404); // nothing was started

    HttpResponse<String> started = api.post("patientId=" + patient + "&dateFrom=2026-01-01&dateTo=2026-06-30", KEY_A, null);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    JsonNode status = ApiClient.json(api.bulkStatus(patient, KEY_A));
    assertThat(status.get("filters").get("dateFrom").asString()).isEqualTo("2026-01-01");
    assertThat(status.get("filters").get("dateTo").asString()).isEqualTo("2026-06-30");

    // cancelled: no worker ends it here, so the answer says it is stopping
    HttpResponse<String> cancel = api.send("DELETE", ApiClient.BULK_PATH + "?patientId=" + patient, KEY_B, BodyPublishers.noBody(), null);
    refused(cancel, 404);
    HttpResponse<String> cancelled = api.send("DELETE", ApiClient.BULK_PATH + "?patientId=" + patient, KEY_A, BodyPublishers.noBody(), null);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
    assertThat(client.fetchHistory(patient).getEvents().stream().anyMatch(e -> e.hasWorkflowExecutionCancelRequestedEventAttributes()))
        .isTrue();
    HttpResponse<String> none =
        api.send("DELETE", ApiClient.BULK_PATH + "?patientId=" + s3.newPatient(CX_A), KEY_A, BodyPublishers.noBody(), null);
    refused(none, 404);
  }

  private static void refused(HttpResponse<String> response, int status) {
    switch (status) {
      case 400 -> assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
      case 404 -> assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
      case 409 -> assertApiError(response, 409, "CONFLICT", "ConflictError");
      default -> throw new IllegalArgumentException("no such refusal here: " + status);
    }
  }

  private static String pathOf(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + "?" + uri.getRawQuery();
  }

  private static LoggedRequest logged(String id, String runMessageId, String patient, Instant createdAt, String status) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("youCanPut", "anything");
    return new LoggedRequest(
        id, "medical.document-bulk-download-urls", status, createdAt.toString(), createdAt.toString(),
        "request-of-" + runMessageId, patient, runMessageId, null, null, 1, 200, null, metadata, null, null, null);
  }
}
