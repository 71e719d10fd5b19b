package org.bulkdocs.worker.temporal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this worker uses its Temporal server ({@code bulkdocs.temporal.*}).
 *
 * @param stickyExecution keep each run's next workflow task on this worker's own queue (env
 *     {@code WORKER_STICKY_EXECUTION}). Right for a real server, which moves a task off a dead worker's
 *     queue after a few seconds. The SDK's embedded test server never does: a task scheduled there
 *     waits for a worker that is gone, forever. {@code run-local.sh} turns it off on that server.
 * @param stickyScheduleToStartTimeout how long a run's next task waits for this worker before any
 *     worker may take it (env {@code WORKER_STICKY_TIMEOUT}; the SDK's default is 5 s). It is part of
 *     how long a dead worker's runs wait; a live but busy worker only loses a cache hit.
 * @param shutdownTimeout how long a stopping worker waits for its tasks in flight (env
 *     {@code WORKER_SHUTDOWN_TIMEOUT}): longer than one delivery attempt (at most 50 s with the default
 *     timeouts), shorter than what the deployment gives the process to stop (90 s in compose and Kubernetes)
 */
@ConfigurationProperties(prefix = "bulkdocs.temporal")
public record WorkerTemporalProperties(
    @DefaultValue("true") boolean stickyExecution,
    @DefaultValue("2s") Duration stickyScheduleToStartTimeout,
    @DefaultValue("55s") Duration shutdownTimeout) {

  public WorkerTemporalProperties {
    if (stickyScheduleToStartTimeout.isNegative() || stickyScheduleToStartTimeout.isZero()) {
      throw new IllegalArgumentException(
          "bulkdocs.temporal.sticky-schedule-to-start-timeout (WORKER_STICKY_TIMEOUT) must be positive");
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("bulkdocs.temporal.shutdown-timeout (WORKER_SHUTDOWN_TIMEOUT) must not be negative");
    }
  }
}
