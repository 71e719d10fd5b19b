package org.bulkdocs.worker.housekeeping;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often the deployment's periodic jobs run (one run per period for the whole deployment, however
 * many workers there are).
 *
 * @param reconcileLedgerEvery {@code LEDGER_RECONCILE_EVERY}
 * @param rewrapWebhookKeysEvery {@code WEBHOOK_KEY_REWRAP_EVERY}
 */
@Validated
@ConfigurationProperties("bulkdocs.housekeeping")
public record HousekeepingProperties(
    @NotNull @DefaultValue("5m") Duration reconcileLedgerEvery, @NotNull @DefaultValue("1h") Duration rewrapWebhookKeysEvery) {

  public HousekeepingProperties {
    if (reconcileLedgerEvery.compareTo(Duration.ofMinutes(1)) < 0 || rewrapWebhookKeysEvery.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "LEDGER_RECONCILE_EVERY and WEBHOOK_KEY_REWRAP_EVERY must be at least a minute (a schedule's period)");
    }
  }
}
