package org.bulkdocs.api.bulk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param progressTimeout how long the status endpoint waits for a worker to answer the progress query
 *     before answering from what the Temporal server knows (env {@code STATUS_PROGRESS_TIMEOUT})
 * @param cancelWait how long {@code DELETE …/bulk} waits for the cancelled run to end before it answers
 *     202 (env {@code CANCEL_WAIT}): longer than an attempt takes to notice the cancellation (a heartbeat,
 *     every few seconds) and stop
 */
@ConfigurationProperties(prefix = "bulkdocs.status")
public record BulkStatusProperties(
    @DefaultValue("2s") Duration progressTimeout, @DefaultValue("30s") Duration cancelWait) {

  public BulkStatusProperties {
    if (progressTimeout == null || progressTimeout.isNegative() || progressTimeout.isZero()) {
      throw new IllegalArgumentException(
          "bulkdocs.status.progress-timeout (env STATUS_PROGRESS_TIMEOUT) must be positive, got " + progressTimeout);
    }
    if (cancelWait == null || cancelWait.isNegative() || cancelWait.isZero()) {
      throw new IllegalArgumentException("bulkdocs.status.cancel-wait (env CANCEL_WAIT) must be positive, got " + cancelWait);
    }
  }
}
