package org.bulkdocs.api.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole API on a random port, against an in-memory S3 and Temporal's in-process test server.
 * Every class carrying exactly this annotation shares one cached context, so tests use their own
 * patient IDs (see {@link InMemoryS3#newPatient}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.temporal.test-server.enabled=true",
      // On, so its code runs in every test, but high enough that 50 concurrent calls pass;
      // RateLimitTest checks the limit itself.
      "bulkdocs.rate-limit.run-starts.requests-per-minute=100000",
      "bulkdocs.rate-limit.run-starts.burst=100000",
      "bulkdocs.rate-limit.settings-updates.requests-per-minute=100000",
      "bulkdocs.rate-limit.settings-updates.burst=100000",
      "bulkdocs.rate-limit.webhook-retries.requests-per-minute=100000",
      "bulkdocs.rate-limit.webhook-retries.burst=100000",
      "bulkdocs.rate-limit.webhook-status.requests-per-minute=100000",
      "bulkdocs.rate-limit.webhook-status.burst=100000",
      // No worker runs here, so every status call waits this long for the progress query.
      "bulkdocs.status.progress-timeout=500ms",
      // No worker ends a cancelled run here either.
      "bulkdocs.status.cancel-wait=500ms",
      // The state gauges (PrometheusEndpointTest) read every second rather than every minute.
      "bulkdocs.gauges.refresh-every=1s",
      "bulkdocs.codec-server.token=" + ApiIntegrationTest.CODEC_TOKEN,
      "bulkdocs.codec-server.cors-origins=" + ApiIntegrationTest.UI_ORIGIN
    })
@ContextConfiguration(initializers = {TestCustomers.Initializer.class, InMemoryS3Initializer.class})
@Import(TemporalTestConfiguration.class)
public @interface ApiIntegrationTest {

  String CODEC_TOKEN = "test-codec-token-0123456789abcdef0123";
  String UI_ORIGIN = "http://127.0.0.1:8233";
}
