package org.bulkdocs.worker.housekeeping;

import io.temporal.spring.boot.WorkflowImpl;
import org.bulkdocs.contract.TaskQueues;

@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class ReconcileWebhookLedgerWorkflowImpl implements ReconcileWebhookLedgerWorkflow {

  @Override
  public int run() {
    return HousekeepingActivityOptions.stub().reconcileWebhookLedger();
  }
}
