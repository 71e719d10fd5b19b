package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * How a run retries its webhook. Read once from the worker's configuration at the start of a run and
 * recorded in its history, so a configuration change never alters a run that is already going.
 *
 * @param deliveryWindow time from the start of the run after which delivery is given up
 * @param initialBackoff wait after the first failed attempt
 * @param maxBackoff upper bound of the exponentially growing wait
 * @param urlRefreshMargin URLs are signed again before an attempt when they would expire within
 *     this margin, so a customer always gets at least this much time to download
 * @param maxRejections how many times a permanent 4xx answer is tolerated before the run fails
 * @param attemptTimeout how long one delivery attempt may take in all (the HTTP timeouts plus building
 *     the message); null in runs recorded before it existed, which keep the old two minutes
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryPolicy(
    Duration deliveryWindow,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration urlRefreshMargin,
    int maxRejections,
    Duration attemptTimeout) {

  /** What runs recorded before {@code attemptTimeout} existed use. */
  public static final Duration LEGACY_ATTEMPT_TIMEOUT = Duration.ofMinutes(2);

  public DeliveryPolicy(
      Duration deliveryWindow, Duration initialBackoff, Duration maxBackoff, Duration urlRefreshMargin, int maxRejections) {
    this(deliveryWindow, initialBackoff, maxBackoff, urlRefreshMargin, maxRejections, null);
  }

  public Duration attemptTimeoutOrLegacy() {
    return attemptTimeout == null ? LEGACY_ATTEMPT_TIMEOUT : attemptTimeout;
  }
}
