package org.bulkdocs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Probes need no API key and see Temporal (the in-process test server) and S3 (S3Proxy) as reachable;
 * of Actuator only health and prometheus are exposed, and only on the management port: the API's own
 * port (the one published to customers) serves none of it.
 */
@ApiIntegrationTest
class HealthEndpointTest {

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Test
  void healthIsUpWithoutAnApiKey() {
    HttpResponse<String> response = get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = ApiClient.json(response);
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("temporal").get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("s3").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void readinessChecksTemporalAndS3() {
    HttpResponse<String> response = get("/actuator/health/readiness");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode readiness = ApiClient.json(response);
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(readiness.get("components").propertyNames()).containsExactlyInAnyOrder("readinessState", "temporal", "s3");
    // Details (hosts, bucket, driver messages) stay private.
    assertThat(readiness.get("components").get("s3").has("details")).isFalse();
  }

  @Test
  void livenessIsTheProcessOnly() {
    HttpResponse<String> response = get("/actuator/health/liveness");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode liveness = ApiClient.json(response);
    assertThat(liveness.get("status").asString()).isEqualTo("UP");
    assertThat(liveness.get("components").propertyNames()).containsExactly("livenessState");
  }

  @Test
  void otherActuatorEndpointsAreNotExposed() {
    for (String path :
        new String[] {"/actuator", "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/metrics", "/actuator/info",
            "/actuator/loggers", "/actuator/heapdump", "/actuator/threaddump", "/actuator/mappings"}) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void theApiPortServesNoActuatorAtAll() {
    assertThat(managementPort).isNotEqualTo(port);
    for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus", "/actuator"}) {
      assertApiError(
          new ApiClient(port).send("GET", path, null, BodyPublishers.noBody(), null), 404, "NOT_FOUND", "NotFoundError");
    }
  }

  private HttpResponse<String> get(String path) {
    return new ApiClient(managementPort).send("GET", path, null, BodyPublishers.noBody(), null);
  }
}
