package org.bulkdocs.worker.ledger;

import io.temporal.spring.boot.ActivityImpl;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookLedgerActivitiesImpl implements WebhookLedgerActivities {

  private final WebhookLedger ledger;

  public WebhookLedgerActivitiesImpl(WebhookLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void recordDelivered(String cxId, String messageId) {
    BackgroundHeartbeat.around(() -> {
      ledger.markDelivered(cxId, messageId);
      return null;
    });
  }

  @Override
  public void recordFailed(LedgerEntry entry) {
    BackgroundHeartbeat.around(() -> {
      ledger.markFailed(entry);
      return null;
    });
  }

  @Override
  public void recordCancelled(LedgerEntry entry) {
    BackgroundHeartbeat.around(() -> {
      ledger.markCancelled(entry);
      return null;
    });
  }
}
