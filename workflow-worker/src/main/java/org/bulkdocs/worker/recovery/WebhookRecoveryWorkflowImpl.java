package org.bulkdocs.worker.recovery;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.recovery.WebhookRecoveryRequest;
import org.bulkdocs.contract.recovery.WebhookRecoveryWorkflow;

/** One activity: the ledger is S3, the starts are Temporal; both retried with backoff until they answer. */
@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookRecoveryWorkflowImpl implements WebhookRecoveryWorkflow {

  private final RecoveryActivities activities =
      Workflow.newActivityStub(
          RecoveryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setSummary("Start a redelivery of each message given up in the range")
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  @Override
  public int recover(WebhookRecoveryRequest request) {
    return activities.redeliverFailed(request);
  }
}
