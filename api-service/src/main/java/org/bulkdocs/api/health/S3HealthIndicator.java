package org.bulkdocs.api.health;

import java.time.Duration;
import org.bulkdocs.common.s3.S3Properties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Readiness: can this instance reach the documents bucket with its credentials? HeadBucket needs the
 * same permission (s3:ListBucket) as the patient lookup every trigger makes, so "UP" means the lookup
 * will work. Shows up as the {@code s3} component of {@code /actuator/health/readiness}.
 */
@Component
class S3HealthIndicator extends AbstractHealthIndicator {

  private final S3Client s3;
  private final String bucket;
  private final Duration timeout;

  S3HealthIndicator(S3Client s3, S3Properties properties, DependencyHealthProperties health) {
    super("S3 health check failed");
    this.s3 = s3;
    this.bucket = properties.bucket();
    this.timeout = health.timeout();
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    try {
      s3.headBucket(
          b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)));
      builder.up().withDetail("bucket", bucket);
    } catch (S3Exception e) {
      // An answer, but a refusal (403: credentials or policy, 404: no such bucket).
      builder.down().withDetail("bucket", bucket).withDetail("error", "HTTP " + e.statusCode());
    } catch (SdkException e) {
      // No answer: unreachable or timed out. The exception text could name the endpoint; keep it out.
      builder.down().withDetail("bucket", bucket).withDetail("error", e.getClass().getSimpleName());
    }
  }
}
