package org.bulkdocs.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

public final class ApiAssertions {

  private ApiAssertions() {}

  /** Metriport's error shape: exactly status, name, title, detail, served as problem+json. */
  public static JsonNode assertApiError(HttpResponse<String> response, int status, String name, String title) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode body = ApiClient.json(response);
    assertThat(body.propertyNames()).containsExactly("status", "name", "title", "detail");
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("name").asString()).isEqualTo(name);
    assertThat(body.get("title").asString()).isEqualTo(title);
    assertThat(body.get("detail").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    return body;
  }

  public static void assertNoWorkflow(WorkflowClient client, String workflowId) {
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(workflowId).describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }
}
