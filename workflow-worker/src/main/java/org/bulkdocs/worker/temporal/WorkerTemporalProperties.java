package org.bulkdocs.worker.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this worker uses its Temporal server ({@code bulkdocs.temporal.*}).
 *
 * @param stickyExecution keep each run's next workflow task on this worker's own queue (env
 *     {@code WORKER_STICKY_EXECUTION}). Right for a real server, which moves a task off a dead worker's
 *     queue after a few seconds. The SDK's embedded test server never does: a task scheduled there
 *     waits for a worker that is gone, forever. {@code run-local.sh} turns it off on that server.
 */
@ConfigurationProperties(prefix = "bulkdocs.temporal")
public record WorkerTemporalProperties(@DefaultValue("true") boolean stickyExecution) {}
