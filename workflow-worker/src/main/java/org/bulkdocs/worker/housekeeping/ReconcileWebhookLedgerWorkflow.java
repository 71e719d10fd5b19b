package org.bulkdocs.worker.housekeeping;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Started by the schedule {@link HousekeepingSchedules#LEDGER}: keeps the webhook ledger true. */
@WorkflowInterface
public interface ReconcileWebhookLedgerWorkflow {

  /** @return how many processing messages were recorded as failed because their run had ended */
  @WorkflowMethod(name = "ReconcileWebhookLedger")
  int run();
}
