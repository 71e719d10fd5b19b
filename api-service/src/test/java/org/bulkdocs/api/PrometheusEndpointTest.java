package org.bulkdocs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.CX_B;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The scrape needs no API key and carries HTTP, run and Temporal SDK metrics. */
@ApiIntegrationTest
class PrometheusEndpointTest {

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired InMemoryS3 s3;
  @Autowired WebhookStatus webhookStatus;

  @Test
  void runsStartedAndAttachedAreCountedPerCustomer() {
    ApiClient api = new ApiClient(port);
    double startedBefore = sample("bulkdocs_runs_started_total", CX_A);
    double attachedBefore = sample("bulkdocs_runs_attached_total", CX_A);
    String patientId = s3.newPatient(CX_A);

    assertThat(api.startBulk(patientId, KEY_A, null).statusCode()).isEqualTo(200);
    assertThat(api.startBulk(patientId, KEY_A, null).statusCode()).isEqualTo(200);
    assertThat(api.startBulk(patientId, KEY_A, null).statusCode()).isEqualTo(200);

    assertThat(sample("bulkdocs_runs_started_total", CX_A)).isEqualTo(startedBefore + 1);
    assertThat(sample("bulkdocs_runs_attached_total", CX_A)).isEqualTo(attachedBefore + 2);
  }

  @Test
  void httpServerRequestsAreMeasuredByRouteNotByPatient() {
    String patientId = s3.newPatient(CX_A);
    new ApiClient(port).startBulk(patientId, KEY_A, null);

    String scrape = scrape();

    assertThat(scrape).containsPattern(
        "http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*uri=\"/medical/v1/document/download-url/bulk\"");
    // The patient ID is in the query, never in a label: label values must stay few.
    assertThat(scrape).doesNotContain(patientId);
  }

  @Test
  void temporalSdkClientMetricsAppearAfterAStart() {
    new ApiClient(port).startBulk(s3.newPatient(CX_A), KEY_A, null);

    // The starter's Tally scope reports to Micrometer every 10 s.
    String scrape =
        await("the SDK's client metrics in the scrape")
            .atMost(Duration.ofSeconds(20))
            .until(this::scrape, text -> text.contains("temporal_request_total"));
    assertThat(scrape).containsPattern("temporal_request_total\\{[^}]*operation=\"StartWorkflowExecution\"");
  }

  @Test
  void stateGaugesAreInTheScrape() {
    // A URL no ping has answered yet (no worker runs here): the webhook is disabled.
    webhookStatus.urlSet(CX_B, "https://b.example.com/webhook", "webhook-key-of-b");
    new ApiClient(port).startBulk(s3.newPatient(CX_A), KEY_A, null);

    String scrape =
        await("the state gauges in the scrape")
            .atMost(Duration.ofSeconds(20))
            .until(
                this::scrape,
                text -> text.contains("bulkdocs_webhook_enabled{customer=\"" + CX_B + "\"} 0.0")
                    && Pattern.compile("(?m)^bulkdocs_runs_open [1-9]").matcher(text).find());
    assertThat(scrape).containsPattern("(?m)^bulkdocs_runs_open_past_expected_time \\d");
    assertThat(scrape).containsPattern("(?m)^# TYPE bulkdocs_webhook_enabled gauge$");
  }

  @Test
  void theScrapeNeedsNoApiKeyAndIsPrometheusText() {
    HttpResponse<String> response =
        new ApiClient(managementPort).send("GET", "/actuator/prometheus", null, BodyPublishers.noBody(), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
  }

  private String scrape() {
    return new ApiClient(managementPort).send("GET", "/actuator/prometheus", null, BodyPublishers.noBody(), null).body();
  }

  /** The value of a counter's series for one customer, 0 before it first counts. */
  private double sample(String name, String customer) {
    Matcher matcher =
        Pattern.compile("(?m)^" + name + "\\{[^}]*customer=\"" + Pattern.quote(customer) + "\"[^}]*} (\\S+)$")
            .matcher(scrape());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
