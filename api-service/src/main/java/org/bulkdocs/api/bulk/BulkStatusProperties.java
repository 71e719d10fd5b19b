package org.bulkdocs.api.bulk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param progressTimeout how long the status endpoint waits for a worker to answer the progress query
 *     before answering from what the Temporal server knows (env {@code STATUS_PROGRESS_TIMEOUT})
 */
@ConfigurationProperties(prefix = "bulkdocs.status")
public record BulkStatusProperties(@DefaultValue("2s") Duration progressTimeout) {

  public BulkStatusProperties {
    if (progressTimeout == null || progressTimeout.isNegative() || progressTimeout.isZero()) {
      throw new IllegalArgumentException(
          "bulkdocs.status.progress-timeout (env STATUS_PROGRESS_TIMEOUT) must be positive, got " + progressTimeout);
    }
  }
}
