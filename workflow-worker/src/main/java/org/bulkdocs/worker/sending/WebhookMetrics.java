package org.bulkdocs.worker.sending;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Delivery attempts by outcome and their latency, on /actuator/prometheus as
 * {@code bulkdocs_webhook_deliveries_total{outcome}} and {@code bulkdocs_webhook_delivery_seconds}.
 * Every outcome is registered at zero up front, so dashboards and alerts see the series before the
 * first failure rather than only after it.
 */
@Component
public class WebhookMetrics {

  public static final String DELIVERIES = "bulkdocs.webhook.deliveries";
  public static final String DELIVERY_TIME = "bulkdocs.webhook.delivery";

  public static final String DELIVERED = "delivered";
  /** Busy, down, timed out, or no webhook configured: will be retried. */
  public static final String UNAVAILABLE = "unavailable";
  /** A 4xx, a redirect, or an address webhooks must not reach: counts towards giving up. */
  public static final String REJECTED = "rejected";

  private static final List<String> OUTCOMES = List.of(DELIVERED, UNAVAILABLE, REJECTED);

  private final Map<String, Counter> counters;
  private final Map<String, Timer> timers;

  public WebhookMetrics(MeterRegistry registry) {
    counters =
        OUTCOMES.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    outcome ->
                        Counter.builder(DELIVERIES)
                            .description("Webhook delivery attempts by outcome")
                            .tag("outcome", outcome)
                            .register(registry)));
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

  public void record(String outcome, Duration duration) {
    counters.get(outcome).increment();
    timers.get(outcome).record(duration);
  }
}
