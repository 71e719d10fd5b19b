package org.bulkdocs.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-customer budget for the bulk trigger endpoint (env {@code RATE_LIMIT_ENABLED},
 * {@code RATE_LIMIT_REQUESTS_PER_MINUTE}, {@code RATE_LIMIT_BURST}).
 *
 * <p>The budget is held in memory by each API instance: behind a load balancer with N instances a
 * customer can get up to N times this rate. That is deliberate: the limit exists to stop one customer
 * from flooding S3 and Temporal by accident, and Temporal already guarantees one run per patient, so an
 * exact global count is not worth a shared store.
 *
 * @param requestsPerMinute sustained rate at which a customer's budget refills
 * @param burst how many calls a customer can make at once after being idle (the bucket's size)
 */
@ConfigurationProperties(prefix = "bulkdocs.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60") int requestsPerMinute,
    @DefaultValue("20") int burst) {

  public RateLimitProperties {
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException(
          "bulkdocs.rate-limit.requests-per-minute (env RATE_LIMIT_REQUESTS_PER_MINUTE) must be at least 1, got "
              + requestsPerMinute + "; set bulkdocs.rate-limit.enabled=false to switch the limit off");
    }
    if (burst < 1) {
      throw new IllegalArgumentException(
          "bulkdocs.rate-limit.burst (env RATE_LIMIT_BURST) must be at least 1, got " + burst);
    }
  }
}
