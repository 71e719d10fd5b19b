package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.ApiAssertions.assertNoWorkflow;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.api.support.StartAttempts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every malformed request is a 4xx in Metriport's shape, and none of them starts a workflow. */
@ApiIntegrationTest
class BulkDownloadRejectionTest {

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
    // An existing patient, so only the body can be the reason for a rejection.
    patientId = s3.newPatient(CX_A);
    attemptsBefore = startAttempts.count();
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("51 keys", metadataWithKeys(51), "metadata may hold at most 50 keys (got 51)"),
        Arguments.of(
            "41-char key",
            "{\"metadata\":{\"" + "k".repeat(41) + "\":\"v\"}}",
            "keys may be at most 40 characters (got 41)"),
        Arguments.of("empty key", "{\"metadata\":{\"\":\"v\"}}", "metadata keys must not be empty"),
        Arguments.of(
            "501-char value",
            "{\"metadata\":{\"k\":\"" + "v".repeat(501) + "\"}}",
            "metadata value for key \"k\" may be at most 500 characters (got 501)"),
        Arguments.of("number value", "{\"metadata\":{\"k\":1}}", "metadata value for key \"k\" must be a string (got number)"),
        Arguments.of("object value", "{\"metadata\":{\"k\":{\"x\":\"y\"}}}", "metadata value for key \"k\" must be a string (got object)"),
        Arguments.of("null value", "{\"metadata\":{\"k\":null}}", "metadata value for key \"k\" must be a string (got null)"),
        Arguments.of("boolean value", "{\"metadata\":{\"k\":true}}", "metadata value for key \"k\" must be a string (got boolean)"),
        Arguments.of("array value", "{\"metadata\":{\"k\":[\"a\"]}}", "metadata value for key \"k\" must be a string (got array)"),
        Arguments.of("metadata is an array", "{\"metadata\":[\"a\"]}", "metadata must be a JSON object of string values (got array)"),
        Arguments.of("metadata is a string", "{\"metadata\":\"a\"}", "metadata must be a JSON object of string values (got string)"),
        Arguments.of("array body", "[{\"metadata\":{}}]", "The request body must be a JSON object like {\"metadata\": {...}} (got array)"),
        Arguments.of("string body", "\"metadata\"", "The request body must be a JSON object like {\"metadata\": {...}} (got string)"),
        Arguments.of("number body", "42", "(got number)"),
        Arguments.of(
            "unknown top-level field",
            "{\"metadata\":{},\"webhookUrl\":\"https://example.com\"}",
            "Unknown field \"webhookUrl\" in the request body: only \"metadata\" is allowed"),
        Arguments.of("malformed JSON", "{\"metadata\":{\"k\":\"v\"", "The request body is not valid JSON"),
        Arguments.of("trailing garbage", "{\"metadata\":{}} {}", "The request body is not valid JSON"),
        Arguments.of("duplicate metadata key", "{\"metadata\":{\"k\":\"1\",\"k\":\"2\"}}", "Duplicate"),
        Arguments.of("duplicate top-level key", "{\"metadata\":{},\"metadata\":{\"k\":\"2\"}}", "Duplicate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBodies")
  void invalidBodyIsABadRequest(String name, String body, String expectedDetail) {
    HttpResponse<String> response = api.startBulk(patientId, KEY_A, body);

    JsonNode error = assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
    assertThat(error.get("detail").asString()).contains(expectedDetail);
    assertNothingStarted(patientId);
  }

  @Test
  void bodyOverTheCapIsPayloadTooLarge() {
    String body = "{\"metadata\":{\"k\":\"" + "v".repeat(MetadataParser.MAX_BODY_BYTES) + "\"}}";

    HttpResponse<String> response = api.startBulk(patientId, KEY_A, body);

    JsonNode error = assertApiError(response, 413, "PAYLOAD_TOO_LARGE", "PayloadTooLargeError");
    assertThat(error.get("detail").asString()).isEqualTo("The request body may be at most 262144 bytes");
    assertNothingStarted(patientId);
  }

  @Test
  void chunkedBodyOverTheCapIsPayloadTooLarge() {
    // No Content-Length: the cap must hold while reading, not only on the declared length.
    byte[] body = ("{\"metadata\":{\"k\":\"" + "v".repeat(MetadataParser.MAX_BODY_BYTES) + "\"}}").getBytes();
    HttpResponse<String> response =
        api.send(
            "POST",
            ApiClient.BULK_PATH + "?patientId=" + patientId,
            KEY_A,
            BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(body)),
            "application/json");

    assertApiError(response, 413, "PAYLOAD_TOO_LARGE", "PayloadTooLargeError");
    assertNothingStarted(patientId);
  }

  @Test
  void nonJsonBodyIsUnsupportedMediaType() {
    HttpResponse<String> response =
        api.send(
            "POST",
            ApiClient.BULK_PATH + "?patientId=" + patientId,
            KEY_A,
            BodyPublishers.ofString("metadata=x"),
            "application/x-www-form-urlencoded");

    assertApiError(response, 415, "UNSUPPORTED_MEDIA_TYPE", "UnsupportedMediaTypeError");
    assertNothingStarted(patientId);
  }

  static Stream<Arguments> invalidPatientIds() {
    return Stream.of(
        Arguments.of("missing", null, null, "patientId is required"),
        Arguments.of("no value", "patientId", "", "patientId must not be empty"),
        Arguments.of("empty", "patientId=", "", "patientId must not be empty"),
        Arguments.of("65 chars", "patientId=" + "p".repeat(65), "p".repeat(65), "at most 64 characters long (got 65)"),
        Arguments.of("slash", "patientId=a%2Fb", "a/b", "may only contain letters, digits"),
        Arguments.of("raw slash", "patientId=a/b", "a/b", "may only contain letters, digits"),
        Arguments.of("dot-dot", "patientId=a..b", "a..b", "must not contain '..'"),
        Arguments.of("only dot-dot", "patientId=..", "..", "may only contain letters, digits"),
        Arguments.of("NUL", "patientId=a%00b", "a\0b", "may only contain letters, digits"),
        Arguments.of("newline", "patientId=a%0Ab", "a\nb", "may only contain letters, digits"),
        Arguments.of("space", "patientId=a%20b", "a b", "may only contain letters, digits"),
        Arguments.of("plus as space", "patientId=a+b", "a b", "may only contain letters, digits"),
        Arguments.of("leading dash", "patientId=-a", "-a", "must start with a letter or digit"),
        Arguments.of("non-ASCII", "patientId=p%C3%A4tient", "p\u00e4tient", "may only contain letters, digits"),
        Arguments.of("given twice", "patientId=a&patientId=b", "a", "patientId must be given exactly once (got 2)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPatientIds")
  void invalidPatientIdIsABadRequest(String name, String query, String decoded, String expectedDetail) {
    HttpResponse<String> response = api.post(query, KEY_A, "{\"metadata\":{\"k\":\"v\"}}");

    JsonNode error = assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
    assertThat(error.get("detail").asString()).contains(expectedDetail);
    assertThat(startAttempts.count()).isEqualTo(attemptsBefore);
    if (decoded != null && !decoded.isEmpty()) {
      assertNoWorkflow(client, decoded);
    }
  }

  @Test
  void patientIdIsCheckedBeforeTheBody() {
    HttpResponse<String> response = api.post("patientId=a%2Fb", KEY_A, "[not json");

    JsonNode error = assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
    assertThat(error.get("detail").asString()).startsWith("patientId");
  }

  @Test
  void bodyIsCheckedBeforeThePatientIsLookedUp() {
    HttpResponse<String> response = api.startBulk("patient-nobody-has", KEY_A, "[not json");

    assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
  }

  @Test
  void emptyishBodiesMeanNoMetadata() {
    for (String body : new String[] {"", "null", "{}", "{\"metadata\":null}", "{\"metadata\":{}}"}) {
      String fresh = s3.newPatient(CX_A);
      HttpResponse<String> response = api.startBulk(fresh, KEY_A, body);
      assertThat(response.statusCode()).as("body %s: %s", body, response.body()).isEqualTo(200);
    }
  }

  @Test
  void whitespaceAloneIsNotJsonAndStartsNothing() {
    String fresh = s3.newPatient(CX_A);
    HttpResponse<String> response = api.startBulk(fresh, KEY_A, "  \n\t");

    JsonNode error = assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
    assertThat(error.get("detail").asString()).contains("only whitespace");
    assertNothingStarted(fresh);
  }

  @Test
  void exactlyTheLimitsAreAccepted() {
    String body =
        "{\"metadata\":{"
            + IntStream.range(0, 50)
                .mapToObj(i -> "\"" + ("key" + i + "-").repeat(10).substring(0, 40) + "\":\"" + "v".repeat(500) + "\"")
                .collect(Collectors.joining(","))
            + "}}";

    HttpResponse<String> response = api.startBulk(patientId, KEY_A, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private void assertNothingStarted(String workflowId) {
    assertThat(startAttempts.count()).isEqualTo(attemptsBefore);
    assertNoWorkflow(client, workflowId);
  }

  private static String metadataWithKeys(int count) {
    return "{\"metadata\":{"
        + IntStream.range(0, count).mapToObj(i -> "\"key" + i + "\":\"value\"").collect(Collectors.joining(","))
        + "}}";
  }
}
