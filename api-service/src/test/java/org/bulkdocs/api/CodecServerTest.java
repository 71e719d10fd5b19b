package org.bulkdocs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Base64;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What Temporal stores is ciphertext; operators read it through the codec server on the management port,
 * with the token, and from the UI's origin only.
 */
@ApiIntegrationTest
class CodecServerTest {

  private static final String MRN = "MRN-codec-5521-recognisable";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired InMemoryS3 s3;
  @Autowired WorkflowClient client;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theStoredHistoryHoldsNoMetadataValueAndTheCodecServerShowsIt() throws Exception {
    String patientId = s3.newPatient(CX_A);
    assertThat(new ApiClient(port).startBulk(patientId, KEY_A, "{\"metadata\":{\"mrn\":\"" + MRN + "\"}}").statusCode())
        .isEqualTo(200);

    History history = client.fetchHistory(patientId).getHistory();
    assertThat(history.toByteString().toStringUtf8()).doesNotContain(MRN);
    assertThat(JsonFormat.printer().print(history)).doesNotContain(base64Fragment(MRN));

    String input = JsonFormat.printer().print(startedInput(history));
    HttpResponse<String> decoded = post(managementPort, "/codec/decode", input, "Authorization", "Bearer " + ApiIntegrationTest.CODEC_TOKEN);
    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(decodedText(decoded.body())).contains(MRN);

    HttpResponse<String> viaUiPath = post(managementPort, "/codec/" + ApiIntegrationTest.CODEC_TOKEN + "/decode", input);
    assertThat(viaUiPath.statusCode()).isEqualTo(200);
    assertThat(decodedText(viaUiPath.body())).contains(MRN);

    // encode then decode round-trips, so the UI and CLI can also send signals or queries with arguments
    HttpResponse<String> encoded = post(managementPort, "/codec/encode", viaUiPath.body(), "Authorization", "Bearer " + ApiIntegrationTest.CODEC_TOKEN);
    assertThat(encoded.body()).doesNotContain(base64Fragment(MRN));
  }

  @Test
  void callersWithoutTheTokenAndTheCustomersPortGetNothing() throws Exception {
    String patientId = s3.newPatient(CX_A);
    new ApiClient(port).startBulk(patientId, KEY_A, "{\"metadata\":{\"mrn\":\"" + MRN + "\"}}");
    String input = JsonFormat.printer().print(startedInput(client.fetchHistory(patientId).getHistory()));

    assertThat(post(managementPort, "/codec/decode", input).statusCode()).isEqualTo(401);
    assertThat(post(managementPort, "/codec/decode", input, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(post(managementPort, "/codec/not-the-token-0123456789abcdef0123/decode", input).statusCode()).isEqualTo(401);
    HttpResponse<String> onApiPort =
        post(port, "/codec/decode", input, "Authorization", "Bearer " + ApiIntegrationTest.CODEC_TOKEN, "x-api-key", KEY_A);
    assertThat(onApiPort.statusCode()).isEqualTo(404);
    assertThat(onApiPort.body()).doesNotContain(base64Fragment(MRN)).doesNotContain(MRN);
  }

  @Test
  void theUisOriginPassesThePreflightAndOtherOriginsDoNot() throws Exception {
    HttpResponse<String> allowed = preflight(ApiIntegrationTest.UI_ORIGIN);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ApiIntegrationTest.UI_ORIGIN);

    HttpResponse<String> other = preflight("http://evil.example");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aBodyThatIsNotPayloadsIsA400() throws Exception {
    assertThat(post(managementPort, "/codec/decode", "{not json", "Authorization", "Bearer " + ApiIntegrationTest.CODEC_TOKEN).statusCode())
        .isEqualTo(400);
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/codec/" + ApiIntegrationTest.CODEC_TOKEN + "/decode"))
            .method("OPTIONS", BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-namespace")
            .build(),
        BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int toPort, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .POST(BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  private static Payloads startedInput(History history) {
    return history.getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
        .map(HistoryEvent::getWorkflowExecutionStartedEventAttributes)
        .findFirst()
        .orElseThrow()
        .getInput();
  }

  private static String decodedText(String payloadsJson) throws Exception {
    Payloads.Builder payloads = Payloads.newBuilder();
    JsonFormat.parser().merge(payloadsJson, payloads);
    StringBuilder text = new StringBuilder();
    payloads.getPayloadsList().forEach(p -> text.append(p.getData().toStringUtf8()));
    return text.toString();
  }

  /** A stretch of the value's base64 as it would appear in a JSON-printed payload. */
  private static String base64Fragment(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes()).substring(0, 12);
  }
}
