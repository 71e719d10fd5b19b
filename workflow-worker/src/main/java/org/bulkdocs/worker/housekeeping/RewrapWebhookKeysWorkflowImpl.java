package org.bulkdocs.worker.housekeeping;

import io.temporal.spring.boot.WorkflowImpl;
import org.bulkdocs.contract.TaskQueues;

@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class RewrapWebhookKeysWorkflowImpl implements RewrapWebhookKeysWorkflow {

  @Override
  public HousekeepingActivities.RewrapOutcome run() {
    return HousekeepingActivityOptions.stub().rewrapWebhookKeys();
  }
}
