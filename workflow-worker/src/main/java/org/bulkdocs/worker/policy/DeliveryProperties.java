package org.bulkdocs.worker.policy;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Webhook retry tuning; see {@link DeliveryPolicy} for what each value means. */
@Validated
@ConfigurationProperties("bulkdocs.delivery")
public record DeliveryProperties(
    @NotNull Duration window,
    @NotNull Duration initialBackoff,
    @NotNull Duration maxBackoff,
    @Min(1) int maxRejections,
    @NotNull Duration outageInitialBackoff,
    @NotNull Duration outageMaxBackoff) {

  public DeliveryProperties {
    if (outageInitialBackoff != null && outageMaxBackoff != null && outageInitialBackoff.compareTo(outageMaxBackoff) > 0) {
      throw new IllegalArgumentException(
          "bulkdocs.delivery.outage-initial-backoff must not exceed bulkdocs.delivery.outage-max-backoff");
    }
    if (initialBackoff != null && maxBackoff != null && initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "bulkdocs.delivery.initial-backoff must not exceed bulkdocs.delivery.max-backoff");
    }
    if (window != null && initialBackoff != null && window.compareTo(initialBackoff) <= 0) {
      throw new IllegalArgumentException(
          "bulkdocs.delivery.window must be longer than bulkdocs.delivery.initial-backoff");
    }
  }

  /** @param attemptTimeout how long one delivery attempt may take, from the webhook's HTTP timeouts */
  public DeliveryPolicy toPolicy(Duration attemptTimeout) {
    return new DeliveryPolicy(
        window, initialBackoff, maxBackoff, maxRejections, attemptTimeout, outageInitialBackoff, outageMaxBackoff);
  }
}
