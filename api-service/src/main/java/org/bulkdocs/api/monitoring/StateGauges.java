package org.bulkdocs.api.monitoring;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bulkdocs.api.auth.CustomerProperties;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * State the alerts need that no event counter gives, read every {@link GaugeProperties#refreshEvery()}
 * on a thread of its own and published as gauges on {@code /actuator/prometheus}:
 *
 * <ul>
 *   <li>{@code bulkdocs_runs_open}: bulk runs open now, and {@code bulkdocs_runs_open_past_expected_time}:
 *       those of them started more than {@link GaugeProperties#runExpectedTime()} ago, from Temporal's
 *       visibility ({@link OpenRuns});
 *   <li>{@code bulkdocs_webhook_enabled{customer}}: 1 when a configured customer's webhook (the URL set
 *       with {@code POST /settings}) works, 0 when it is disabled (its ping failed or has not answered,
 *       an endpoint answered 410 Gone, or the stored settings cannot be read); no series for a customer
 *       without a stored URL (none set, cleared, or only the worker's fallback target, which the API
 *       does not know).
 * </ul>
 *
 * <p>Every API instance reads the same state and reports the same values: rules take their {@code max},
 * never their sum. A read that fails changes nothing: the gauges keep their last values (the runs
 * gauges are NaN until the first count), and the failure is logged once until a read succeeds again.
 * Keeping the value lets an alert's {@code for} survive one failed refresh; the failure itself shows
 * in the Temporal SDK's {@code temporal_request_failure_total} (and its alert) or in S3's.
 */
@Component
public class StateGauges implements SmartLifecycle {

  public static final String RUNS_OPEN = "bulkdocs.runs.open";
  public static final String RUNS_PAST_EXPECTED_TIME = "bulkdocs.runs.open.past.expected.time";
  public static final String WEBHOOK_ENABLED = "bulkdocs.webhook.enabled";

  private static final Logger log = LoggerFactory.getLogger(StateGauges.class);

  /** Keys of {@link #failing} besides customers' IDs, which cannot take this form. */
  private static final String RUNS = "<runs>";

  private static final String SETTINGS = "<settings>";

  private final OpenRuns openRuns;
  private final List<String> customers;
  private final CustomerSettingsStore settings;
  private final GaugeProperties properties;

  private volatile double runsOpen = Double.NaN;
  private volatile double runsPastExpectedTime = Double.NaN;
  private final Map<String, Double> webhookEnabled = new ConcurrentHashMap<>();
  private final MultiGauge webhookGauge;

  /** What is failing now, so each failure streak is logged once: the runs, the settings, or a customer's. */
  private final Set<String> failing = new HashSet<>();

  private ScheduledExecutorService executor;

  @Autowired
  public StateGauges(
      WorkflowClient client,
      CustomerProperties customers,
      CustomerSettingsStore settings,
      GaugeProperties properties,
      MeterRegistry registry) {
    this(
        client,
        customers.customers().stream().map(CustomerProperties.ConfiguredCustomer::id).toList(),
        settings,
        properties,
        registry);
  }

  public StateGauges(
      WorkflowClient client,
      List<String> customers,
      CustomerSettingsStore settings,
      GaugeProperties properties,
      MeterRegistry registry) {
    this.openRuns = new OpenRuns(client);
    this.customers = List.copyOf(customers);
    this.settings = settings;
    this.properties = properties;
    Gauge.builder(RUNS_OPEN, this, gauges -> gauges.runsOpen)
        .description("Bulk runs open now (Temporal visibility; every API instance reports the same value)")
        .strongReference(true)
        .register(registry);
    Gauge.builder(RUNS_PAST_EXPECTED_TIME, this, gauges -> gauges.runsPastExpectedTime)
        .description("Bulk runs open for longer than RUN_EXPECTED_TIME (every API instance reports the same value)")
        .strongReference(true)
        .register(registry);
    webhookGauge =
        MultiGauge.builder(WEBHOOK_ENABLED)
            .description("1 when the customer's webhook is enabled, 0 when it is disabled; no series without a stored URL")
            .register(registry);
  }

  /** Reads everything once; what fails keeps its last value. */
  public void refresh() {
    refreshRuns();
    refreshWebhooks();
  }

  private void refreshRuns() {
    Instant cutoff = Instant.now().minus(properties.runExpectedTime()).truncatedTo(ChronoUnit.SECONDS);
    try {
      OpenRuns.Counts counts = openRuns.count(cutoff);
      runsOpen = counts.open();
      runsPastExpectedTime = counts.pastExpectedTime();
      recovered(RUNS, "the run gauges read Temporal's visibility again");
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return; // stopping
      }
      if (failing.add(RUNS)) {
        // The gRPC code says enough; a status description may name hosts.
        log.warn(
            "the run gauges cannot read Temporal's visibility ({}); they keep their last values until it answers",
            e instanceof StatusRuntimeException status ? status.getStatus().getCode() : e.getClass().getSimpleName());
      }
    }
  }

  private void refreshWebhooks() {
    for (String cxId : customers) {
      try {
        Optional<CustomerSettings> stored = settings.find(cxId);
        if (stored.isPresent() && stored.get().hasWebhook()) {
          webhookEnabled.put(cxId, stored.get().webhookEnabled() ? 1.0 : 0.0);
        } else {
          webhookEnabled.remove(cxId);
        }
        recovered(SETTINGS, "the webhook gauge reads the customers' settings again");
        recovered(cxId, "the settings of cxId=" + cxId + " can be read again");
      } catch (SdkException e) {
        if (!Thread.currentThread().isInterrupted() && failing.add(SETTINGS)) {
          log.warn(
              "the webhook gauge cannot read the customers' settings ({}); they keep their last values until S3 answers",
              e.getClass().getSimpleName());
        }
        break; // S3 is down for every customer: the next refresh tries again, a timeout each is enough
      } catch (IllegalStateException e) {
        // Stored but unreadable (no configured key opens it, or another customer's object): the worker
        // cannot sign with it either.
        webhookEnabled.put(cxId, 0.0);
        recovered(SETTINGS, "the webhook gauge reads the customers' settings again");
        if (failing.add(cxId)) {
          log.warn("the settings of cxId={} cannot be read ({}): its webhook counts as disabled", cxId, e.getClass().getSimpleName());
        }
      }
    }
    webhookGauge.register(
        webhookEnabled.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("customer", e.getKey()), e.getValue()))
            .toList(),
        true);
  }

  private void recovered(String what, String message) {
    if (failing.remove(what)) {
      log.info(message);
    }
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "state-gauges");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::refreshSafely, 0, properties.refreshEvery().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A scheduled task that throws is never run again: nothing may escape. */
  private void refreshSafely() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.error("refreshing the state gauges failed", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
