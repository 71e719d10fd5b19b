package org.bulkdocs.api.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bulkdocs.api.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The per-customer budgets of {@link RateLimitProperties}. Callers take a token only once a request is
 * well-formed and is about to cost something: malformed requests cost nothing downstream, so a client
 * fixing its request is never locked out by its own mistakes.
 */
@Component
public class CustomerRateLimits {

  /** Micrometer name; Prometheus exposes it as {@code bulkdocs_rate_limited_requests_total{customer,limit}}. */
  public static final String METRIC = "bulkdocs.rate.limited.requests";

  private static final Logger log = LoggerFactory.getLogger(CustomerRateLimits.class);

  private final boolean enabled;
  private final Map<RateLimit, TokenBuckets> buckets = new EnumMap<>(RateLimit.class);
  private final MeterRegistry meters;

  public CustomerRateLimits(RateLimitProperties properties, MeterRegistry meters) {
    this.enabled = properties.enabled();
    for (RateLimit limit : RateLimit.values()) {
      RateLimitProperties.Budget budget = properties.instanceBudget(limit);
      buckets.put(limit, new TokenBuckets(budget.requestsPerMinute(), budget.burst(), System::nanoTime));
    }
    this.meters = meters;
  }

  /** @throws ApiException 429 with {@code Retry-After} when the customer has no budget left */
  public void acquire(RateLimit limit, String cxId) {
    if (!enabled) {
      return;
    }
    long waitNanos = buckets.get(limit).tryAcquire(cxId);
    if (waitNanos == TokenBuckets.GRANTED) {
      return;
    }
    // Rounded up: a client that waits exactly Retry-After seconds must find a token.
    long retryAfterSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + TimeUnit.SECONDS.toNanos(1) - 1));
    Counter.builder(METRIC)
        .description("Requests refused with 429 because the customer exceeded one of its rate limits")
        .tag("customer", cxId)
        .tag("limit", limit.tag())
        .register(meters)
        .increment();
    log.info("rate limit {} exceeded cxId={}, retry after {} s", limit.tag(), cxId, retryAfterSeconds);
    throw ApiException.tooManyRequests(
        "Too many " + limit.description() + "; retry after " + retryAfterSeconds
            + " second" + (retryAfterSeconds == 1 ? "" : "s"),
        retryAfterSeconds);
  }

  /** Gives back a token taken for work that turned out not to cost (a start that attached to a run). */
  public void refund(RateLimit limit, String cxId) {
    if (enabled) {
      buckets.get(limit).refund(cxId);
    }
  }
}
