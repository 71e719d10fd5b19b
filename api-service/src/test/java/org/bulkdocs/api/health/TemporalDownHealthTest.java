package org.bulkdocs.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.InMemoryS3Initializer;
import org.bulkdocs.api.support.TestCustomers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** Temporal cannot be reached: the API still starts, and readiness says Temporal is down. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.temporal.connection.target=127.0.0.1:1")
@ContextConfiguration(initializers = {TestCustomers.Initializer.class, InMemoryS3Initializer.class})
class TemporalDownHealthTest {

  @LocalManagementPort int port;

  @Test
  void readinessIsDownAndSaysTemporal() {
    long started = System.nanoTime();
    HttpResponse<String> response =
        new ApiClient(port).send("GET", "/actuator/health/readiness", null, BodyPublishers.noBody(), null);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode readiness = ApiClient.json(response);
    assertThat(readiness.get("components").get("temporal").get("status").asString()).isEqualTo("DOWN");
    assertThat(readiness.get("components").get("s3").get("status").asString()).isEqualTo("UP");
    assertThat(response.body()).doesNotContain("127.0.0.1");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }
}
