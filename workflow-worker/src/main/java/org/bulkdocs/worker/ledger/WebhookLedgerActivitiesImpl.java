package org.bulkdocs.worker.ledger;

import io.temporal.spring.boot.ActivityImpl;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.webhook.ledger.LedgerEntry;
import org.bulkdocs.webhook.ledger.WebhookLedger;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookLedgerActivitiesImpl implements WebhookLedgerActivities {

  private final WebhookLedger ledger;

  public WebhookLedgerActivitiesImpl(WebhookLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void recordProcessing(LedgerEntry entry) {
    ledger.markProcessing(entry);
  }

  @Override
  public void recordDelivered(String cxId, String messageId) {
    ledger.markDelivered(cxId, messageId);
  }

  @Override
  public void recordFailed(LedgerEntry entry) {
    ledger.markFailed(entry);
  }
}
