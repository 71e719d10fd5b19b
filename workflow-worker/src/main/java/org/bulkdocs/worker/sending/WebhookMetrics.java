package org.bulkdocs.worker.sending;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Delivery attempts by customer and outcome, and their latency by outcome, on /actuator/prometheus as
 * {@code bulkdocs_webhook_deliveries_total{customer,outcome}} and {@code bulkdocs_webhook_delivery_seconds}.
 * Every outcome of a customer is registered at zero with its first attempt, so dashboards and alerts
 * (the failure rate per customer) see the series before the first failure rather than only after it.
 * The timer has no customer tag: its histogram buckets per customer would multiply the series by the
 * customers for a latency the counters already break down.
 */
@Component
public class WebhookMetrics {

  public static final String DELIVERIES = "bulkdocs.webhook.deliveries";
  public static final String DELIVERY_TIME = "bulkdocs.webhook.delivery";

  public static final String DELIVERED = "delivered";
  /** Busy, down, timed out, or no webhook configured: will be retried. */
  public static final String UNAVAILABLE = "unavailable";
  /** A 4xx (410 Gone included), a redirect, or an address webhooks must not reach: counts towards giving up. */
  public static final String REJECTED = "rejected";

  private static final List<String> OUTCOMES = List.of(DELIVERED, UNAVAILABLE, REJECTED);

  private final MeterRegistry registry;
  private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    timers =
        OUTCOMES.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    outcome ->
                        Timer.builder(DELIVERY_TIME)
                            .description("Duration of one webhook delivery attempt, staging read included")
                            .tag("outcome", outcome)
                            .register(registry)));
  }

  public void record(String cxId, String outcome, Duration duration) {
    counters.computeIfAbsent(cxId, this::countersOf).get(outcome).increment();
    timers.get(outcome).record(duration);
  }

  private Map<String, Counter> countersOf(String cxId) {
    return OUTCOMES.stream()
        .collect(
            Collectors.toUnmodifiableMap(
                Function.identity(),
                outcome ->
                    Counter.builder(DELIVERIES)
                        .description("Webhook delivery attempts by customer and outcome")
                        .tag("customer", cxId)
                        .tag("outcome", outcome)
                        .register(registry)));
  }
}
