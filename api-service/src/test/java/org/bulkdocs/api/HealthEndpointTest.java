package org.bulkdocs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The container probe needs no API key; nothing else of Actuator is exposed. */
@ApiIntegrationTest
class HealthEndpointTest {

  @LocalServerPort int port;

  @Test
  void healthIsUpWithoutAnApiKey() {
    HttpResponse<String> response =
        new ApiClient(port).send("GET", "/actuator/health", null, BodyPublishers.noBody(), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.json(response).get("status").asString()).isEqualTo("UP");
  }

  @Test
  void otherActuatorEndpointsAreNotExposed() {
    for (String path : new String[] {"/actuator/env", "/actuator/configprops", "/actuator/beans"}) {
      assertApiError(
          new ApiClient(port).send("GET", path, null, BodyPublishers.noBody(), null), 404, "NOT_FOUND", "NotFoundError");
    }
  }
}
