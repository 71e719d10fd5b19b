package org.bulkdocs.api.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gauges {@link StateGauges} reads on a schedule.
 *
 * @param refreshEvery how often the runs are counted in Temporal's visibility and the customers' webhook
 *     states read (env {@code GAUGES_REFRESH_EVERY}): 1 s to 1 h. Each refresh is two count queries and
 *     one small S3 read per configured customer, per API instance
 * @param runExpectedTime how long a run may stay open before it counts as past its expected time (env
 *     {@code RUN_EXPECTED_TIME}): a run that delivers at its first attempt closes in seconds and a
 *     100,000-document patient in minutes, so a run open for an hour waits on something (an endpoint
 *     that is down, S3, a backlog, a failing workflow task)
 */
@ConfigurationProperties(prefix = "bulkdocs.gauges")
public record GaugeProperties(
    @DefaultValue("60s") Duration refreshEvery, @DefaultValue("1h") Duration runExpectedTime) {

  static final Duration MIN_REFRESH = Duration.ofSeconds(1);
  static final Duration MAX_REFRESH = Duration.ofHours(1);

  public GaugeProperties {
    if (refreshEvery == null || refreshEvery.compareTo(MIN_REFRESH) < 0 || refreshEvery.compareTo(MAX_REFRESH) > 0) {
      throw new IllegalArgumentException(
          "bulkdocs.gauges.refresh-every (env GAUGES_REFRESH_EVERY) must be between 1s and 1h, got " + refreshEvery);
    }
    if (runExpectedTime == null || runExpectedTime.isNegative() || runExpectedTime.isZero()) {
      throw new IllegalArgumentException(
          "bulkdocs.gauges.run-expected-time (env RUN_EXPECTED_TIME) must be positive, got " + runExpectedTime);
    }
  }
}
