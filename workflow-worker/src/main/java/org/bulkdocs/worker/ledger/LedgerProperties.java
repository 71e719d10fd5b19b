package org.bulkdocs.worker.ledger;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long a failed message stays in the ledger (and can be retried) after it was
 *     given up ({@code WEBHOOK_LEDGER_RETENTION}); the reconciler deletes older entries
 */
@Validated
@ConfigurationProperties("bulkdocs.ledger")
public record LedgerProperties(@NotNull @DefaultValue("30d") Duration retention) {

  public LedgerProperties {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("bulkdocs.ledger.retention (WEBHOOK_LEDGER_RETENTION) must be positive");
    }
  }
}
