package org.bulkdocs.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import java.net.http.HttpResponse;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.StartAttempts;
import org.bulkdocs.api.support.TemporalTestConfiguration;
import org.bulkdocs.api.support.TestCustomers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** S3 is down: the customer gets a 503 it can retry, not a 500 or a hang, and nothing starts. */
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
class ServiceUnavailableTest {

  @LocalServerPort int port;
  @Autowired StartAttempts startAttempts;

  @Test
  void unreachableS3IsServiceUnavailable() {
    HttpResponse<String> response = new ApiClient(port).startBulk("patient-1", KEY_A, null);

    JsonNode error = assertApiError(response, 503, "SERVICE_UNAVAILABLE", "ServiceUnavailableError");
    assertThat(error.get("detail").asString()).isEqualTo("Document storage is unavailable; please try again later");
    assertThat(response.body()).doesNotContain("127.0.0.1");
    assertThat(startAttempts.count()).isZero();
  }
}
