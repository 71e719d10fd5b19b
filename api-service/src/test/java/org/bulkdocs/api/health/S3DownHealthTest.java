package org.bulkdocs.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.TemporalTestConfiguration;
import org.bulkdocs.api.support.TestCustomers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * S3 points at a dead port: the instance is not ready (out of rotation) but alive (no restart), and
 * the probe says which dependency is down without naming its address. Same context as
 * ServiceUnavailableTest.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.temporal.test-server.enabled=true",
      // Port 1 needs root to bind, so nothing listens there.
      "bulkdocs.s3.endpoint=http://127.0.0.1:1",
      "bulkdocs.s3.bucket=documents",
      "bulkdocs.s3.access-key-id=id",
      "bulkdocs.s3.secret-access-key=secret",
      "bulkdocs.s3.path-style=true"
    })
@ContextConfiguration(initializers = TestCustomers.Initializer.class)
@Import(TemporalTestConfiguration.class)
class S3DownHealthTest {

  @LocalManagementPort int port;

  @Test
  void readinessIsDownAndSaysS3() {
    long started = System.nanoTime();
    HttpResponse<String> response = get("/actuator/health/readiness");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode readiness = ApiClient.json(response);
    assertThat(readiness.get("status").asString()).isEqualTo("DOWN");
    assertThat(readiness.get("components").get("s3").get("status").asString()).isEqualTo("DOWN");
    assertThat(readiness.get("components").get("temporal").get("status").asString()).isEqualTo("UP");
    assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("secret");
    // bulkdocs.health.timeout (2 s) bounds the check, whatever the SDK's retries would do.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void livenessStaysUp() {
    HttpResponse<String> response = get("/actuator/health/liveness");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ApiClient.json(response).get("status").asString()).isEqualTo("UP");
  }

  private HttpResponse<String> get(String path) {
    return new ApiClient(port).send("GET", path, null, BodyPublishers.noBody(), null);
  }
}
