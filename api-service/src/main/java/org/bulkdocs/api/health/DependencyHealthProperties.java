package org.bulkdocs.api.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param timeout how long each readiness check (Temporal, S3) may take before it counts as down (env
 *     {@code HEALTH_CHECK_TIMEOUT}); short, so a hung dependency fails the probe instead of hanging it
 */
@ConfigurationProperties(prefix = "bulkdocs.health")
public record DependencyHealthProperties(@DefaultValue("2s") Duration timeout) {

  public DependencyHealthProperties {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "bulkdocs.health.timeout (env HEALTH_CHECK_TIMEOUT) must be positive, got " + timeout);
    }
  }
}
