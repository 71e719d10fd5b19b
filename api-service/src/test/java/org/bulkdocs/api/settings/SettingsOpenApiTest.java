package org.bulkdocs.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document describes the settings endpoints as they behave (Schemathesis fuzzes them from
 * it): the SDK's operation names, nullable URL and key, the strict body.
 */
@ApiIntegrationTest
class SettingsOpenApiTest {

  @LocalServerPort int port;

  private JsonNode doc() {
    return ApiClient.json(new ApiClient(port).send("GET", "/v3/api-docs", null, BodyPublishers.noBody(), null));
  }

  private static JsonNode schema(JsonNode doc, JsonNode maybeRef) {
    String ref = maybeRef.path("$ref").asString("");
    return ref.isEmpty() ? maybeRef : doc.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
  }

  @Test
  void documentsTheFourSettingsOperationsUnderTheSdksNames() {
    JsonNode paths = doc().get("paths");
    assertThat(paths.get("/settings").get("get").get("operationId").asString()).isEqualTo("getSettings");
    assertThat(paths.get("/settings").get("post").get("operationId").asString()).isEqualTo("updateSettings");
    assertThat(paths.get("/settings/webhook").get("get").get("operationId").asString()).isEqualTo("getWebhookStatus");
    assertThat(paths.get("/settings/webhook/retry").get("post").get("operationId").asString()).isEqualTo("retryWebhookRequests");
    assertThat(paths.get("/settings").get("post").get("responses").propertyNames()).contains("200", "400", "401", "413", "415", "503");
  }

  @Test
  void urlAndKeyAreNullableAndTheBodyAllowsOnlyTheUrl() {
    JsonNode doc = doc();
    JsonNode settings =
        schema(doc, doc.get("paths").get("/settings").get("get").get("responses").get("200").get("content").get("application/json").get("schema"));
    for (String field : List.of("webhookUrl", "webhookKey")) {
      assertThat(settings.get("properties").get(field).get("type").toString()).contains("string").contains("null");
    }
    assertThat(settings.get("required").toString()).contains("id", "webhookUrl", "webhookKey");

    JsonNode body =
        schema(doc, doc.get("paths").get("/settings").get("post").get("requestBody").get("content").get("application/json").get("schema"));
    assertThat(body.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(body.get("properties").get("webhookUrl").get("maxLength").asInt()).isEqualTo(WebhookUrlValidator.MAX_LENGTH);
  }
}
