package org.bulkdocs.worker.housekeeping;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Started by the schedule {@link HousekeepingSchedules#REWRAP}: finishes key-encryption key rotations. */
@WorkflowInterface
public interface RewrapWebhookKeysWorkflow {

  @WorkflowMethod(name = "RewrapWebhookKeys")
  HousekeepingActivities.RewrapOutcome run();
}
