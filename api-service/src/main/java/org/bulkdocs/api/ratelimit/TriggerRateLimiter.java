package org.bulkdocs.api.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.bulkdocs.api.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Per-customer rate limit of the bulk trigger endpoint; see {@link RateLimitProperties} for why it is
 * per API instance.
 *
 * <p>The controller takes a token once a request is well-formed (valid patient ID and body) and before
 * anything reaches S3 or Temporal: malformed requests cost nothing downstream, so a client fixing its
 * request is never locked out by its own mistakes, while every call that does reach a dependency
 * (unknown patient, a new run, attaching to a running one) is counted alike.
 */
@Component
public class TriggerRateLimiter {

  /** Micrometer name; Prometheus exposes it as {@code bulkdocs_rate_limited_requests_total{customer}}. */
  public static final String METRIC = "bulkdocs.rate.limited.requests";

  private static final Logger log = LoggerFactory.getLogger(TriggerRateLimiter.class);

  private final boolean enabled;
  private final TokenBuckets buckets;
  private final MeterRegistry meters;

  public TriggerRateLimiter(RateLimitProperties properties, MeterRegistry meters) {
    this.enabled = properties.enabled();
    this.buckets = new TokenBuckets(properties.requestsPerMinute(), properties.burst(), System::nanoTime);
    this.meters = meters;
  }

  /** @throws ApiException 429 with {@code Retry-After} when the customer has no budget left */
  public void acquire(String cxId) {
    if (!enabled) {
      return;
    }
    long waitNanos = buckets.tryAcquire(cxId);
    if (waitNanos == TokenBuckets.GRANTED) {
      return;
    }
    // Rounded up: a client that waits exactly Retry-After seconds must find a token.
    long retryAfterSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
    Counter.builder(METRIC)
        .description("Bulk trigger requests refused with 429 because the customer exceeded its rate limit")
        .tag("customer", cxId)
        .register(meters)
        .increment();
    log.info("rate limit exceeded cxId={}, retry after {} s", cxId, retryAfterSeconds);
    throw ApiException.tooManyRequests(
        "Too many bulk requests; retry after " + retryAfterSeconds + " second" + (retryAfterSeconds == 1 ? "" : "s"),
        retryAfterSeconds);
  }
}
