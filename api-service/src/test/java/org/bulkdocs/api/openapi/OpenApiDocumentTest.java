package org.bulkdocs.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bulkdocs.api.bulk.PatientIdValidator;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document describes what the API really does: its paths, the API key, every error
 * answer in Metriport's shape, and the body and patient ID rules. (.ci/schemathesis.sh then fuzzes the
 * running API against it.)
 */
@ApiIntegrationTest
class OpenApiDocumentTest {

  private static final String BULK = "/medical/v1/document/download-url/bulk";

  /** Every error answer the API gives, by the name of its shared response. */
  private static final Map<String, Integer> ERROR_RESPONSES =
      Map.of(
          "BadRequest", 400,
          "Unauthorized", 401,
          "NotFound", 404,
          "PatientNotFound", 404,
          "MethodNotAllowed", 405,
          "Conflict", 409,
          "PayloadTooLarge", 413,
          "UnsupportedMediaType", 415,
          "TooManyRequests", 429,
          "ServiceUnavailable", 503);

  @LocalServerPort int port;

  private JsonNode doc;

  @BeforeEach
  void fetch() {
    HttpResponse<String> response =
        new ApiClient(port).send("GET", "/v3/api-docs", null, BodyPublishers.noBody(), null);
    assertThat(response.statusCode()).as("served without an API key").isEqualTo(200);
    doc = ApiClient.json(response);
  }

  @Test
  void isOpenApi31WithTheBulkOperationsAndNothingInternal() {
    assertThat(doc.get("openapi").asString()).startsWith("3.1");
    assertThat(doc.get("paths").get(BULK).propertyNames()).containsExactlyInAnyOrder("get", "post", "delete");
    assertThat(doc.get("paths").get(BULK).get("post").get("operationId").asString()).isEqualTo("startBulkGetDocumentUrl");
    assertThat(doc.get("paths").propertyNames())
        .allSatisfy(path -> assertThat(path).doesNotStartWith("/error").doesNotStartWith("/actuator"));
  }

  @Test
  void apiKeyHeaderIsTheSecuritySchemeOfEveryCustomerOperation() {
    JsonNode scheme = doc.get("components").get("securitySchemes").get("ApiKeyAuth");
    assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
    assertThat(scheme.get("in").asString()).isEqualTo("header");
    assertThat(scheme.get("name").asString()).isEqualTo("x-api-key");

    int operations = 0;
    for (String path : doc.get("paths").propertyNames()) {
      assertThat(path).matches("/medical/.*|/settings(/.*)?");
      for (String method : doc.get("paths").get(path).propertyNames()) {
        JsonNode operation = doc.get("paths").get(path).get(method);
        assertThat(operation.get("security").get(0).has("ApiKeyAuth")).as("%s %s", method, path).isTrue();
        assertThat(operation.get("responses").propertyNames()).as("%s %s", method, path).contains("401", "503");
        operations++;
      }
    }
    assertThat(operations).isGreaterThanOrEqualTo(2);
  }

  @Test
  void triggerAndStatusListTheirErrorAnswers() {
    assertThat(doc.get("paths").get(BULK).get("post").get("responses").propertyNames())
        .containsExactly("200", "400", "401", "404", "409", "413", "415", "429", "503");
    assertThat(doc.get("paths").get(BULK).get("get").get("responses").propertyNames())
        .containsExactly("200", "400", "401", "404", "429", "503");
    assertThat(ref(doc.get("paths").get(BULK).get("get").get("responses").get("429")))
        .isEqualTo("#/components/responses/TooManyRequests");
    assertThat(ref(doc.get("paths").get(BULK).get("post").get("responses").get("429")))
        .isEqualTo("#/components/responses/TooManyRequests");
  }

  @Test
  void everyErrorAnswerIsProblemJsonInMetriportsShape() {
    JsonNode responses = doc.get("components").get("responses");
    ERROR_RESPONSES.forEach(
        (name, status) -> {
          JsonNode content = responses.get(name).get("content");
          assertThat(content.propertyNames()).as(name).containsExactly("application/problem+json");
          JsonNode problem = content.get("application/problem+json");
          assertThat(ref(problem.get("schema"))).as(name).isEqualTo("#/components/schemas/ApiError");
          assertThat(problem.get("example").get("status").asInt()).as(name).isEqualTo(status);
        });
    assertThat(responses.get("TooManyRequests").get("headers").get("Retry-After").get("required").asBoolean()).isTrue();
    assertThat(responses.get("MethodNotAllowed").get("headers").has("Allow")).isTrue();

    JsonNode apiError = doc.get("components").get("schemas").get("ApiError");
    assertThat(apiError.get("required").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder("status", "name", "title", "detail");
    assertThat(apiError.get("additionalProperties").asBoolean()).isFalse();
  }

  @Test
  void bodySchemaStatesTheMetadataLimits() {
    JsonNode requestBody = doc.get("paths").get(BULK).get("post").get("requestBody");
    assertThat(requestBody.path("required").asBoolean(false)).isFalse();
    assertThat(ref(requestBody.get("content").get("application/json").get("schema")))
        .isEqualTo("#/components/schemas/BulkDownloadRequestBody");

    JsonNode body = doc.get("components").get("schemas").get("BulkDownloadRequestBody");
    assertThat(body.get("additionalProperties").asBoolean()).isFalse();
    JsonNode metadata = body.get("properties").get("metadata");
    assertThat(metadata.get("maxProperties").asInt()).isEqualTo(50);
    assertThat(metadata.get("propertyNames").get("minLength").asInt()).isEqualTo(1);
    assertThat(metadata.get("propertyNames").get("maxLength").asInt()).isEqualTo(40);
    assertThat(metadata.get("additionalProperties").get("type").asString()).isEqualTo("string");
    assertThat(metadata.get("additionalProperties").get("maxLength").asInt()).isEqualTo(500);
  }

  @Test
  void patientIdSchemaAgreesWithTheValidator() {
    JsonNode parameter = doc.get("components").get("parameters").get("patientId");
    assertThat(parameter.get("in").asString()).isEqualTo("query");
    assertThat(parameter.get("required").asBoolean()).isTrue();
    JsonNode schema = doc.get("components").get("schemas").get("PatientId");
    Pattern pattern = Pattern.compile(schema.get("pattern").asString());
    int min = schema.get("minLength").asInt();
    int max = schema.get("maxLength").asInt();

    PatientIdValidator validator = new PatientIdValidator();
    for (String candidate :
        List.of("a", "A-1_b.c", "0195d964-d166-7226-8912-76934c23c140", "", ".a", "-a", "a..b", "a/b", "a b", "a\nb",
            "a%2Fb", "\u00e9", "x".repeat(64), "x".repeat(65), "a.", "a.b..")) {
      boolean documented =
          candidate.length() >= min && candidate.length() <= max && pattern.matcher(candidate).find();
      assertThat(documented).as("'%s'", candidate).isEqualTo(accepts(validator, candidate));
    }
  }

  private static boolean accepts(PatientIdValidator validator, String patientId) {
    try {
      validator.requireValid(patientId);
      return true;
    } catch (ApiException e) {
      return false;
    }
  }

  private static String ref(JsonNode node) {
    return node.get("$ref").asString();
  }
}
