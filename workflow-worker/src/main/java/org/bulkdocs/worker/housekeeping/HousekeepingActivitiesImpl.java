package org.bulkdocs.worker.housekeeping;

import io.temporal.spring.boot.ActivityImpl;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.ledger.LedgerReconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class HousekeepingActivitiesImpl implements HousekeepingActivities {

  private static final Logger log = LoggerFactory.getLogger(HousekeepingActivitiesImpl.class);

  private final LedgerReconciler reconciler;
  private final CustomerSettingsStore settings;

  public HousekeepingActivitiesImpl(LedgerReconciler reconciler, CustomerSettingsStore settings) {
    this.reconciler = reconciler;
    this.settings = settings;
  }

  @Override
  public int reconcileWebhookLedger() {
    return reconciler.reconcile();
  }

  /**
   * Finishes a rotation of the webhook key-encryption key without anyone's help: once a new active key
   * is configured, every customer's settings still under another key (or written before encryption) is
   * encrypted again. Its log line says when the retired key can be removed.
   */
  @Override
  public RewrapOutcome rewrapWebhookKeys() {
    CustomerSettingsStore.Rewrap result = settings.rewrapAll();
    log.info(
        "webhook keys re-encrypted under the active key: {}; customers whose settings no configured key decrypts: {}",
        result.rewritten(),
        result.unreadable());
    return new RewrapOutcome(result.rewritten(), result.unreadable());
  }
}
