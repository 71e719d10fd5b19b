package org.bulkdocs.worker.ping;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.ping.WebhookPingRequest;
import org.bulkdocs.contract.ping.WebhookPingResult;
import org.bulkdocs.contract.ping.WebhookPingWorkflow;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.slf4j.Logger;

/**
 * Ping, then record. The ping is not retried by the workflow: it tests the endpoint as it is now, and a
 * customer who fixes it sets the URL again, which pings again.
 */
@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookPingWorkflowImpl implements WebhookPingWorkflow {

  private static final Logger log = Workflow.getLogger(WebhookPingWorkflowImpl.class);

  /** Two tries cover a worker crash or a settings read failing; a second ping is harmless. */
  private static final ActivityOptions SEND =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
          .setSummary("Send a signed ping to the customer's webhook and check the pong")
          .build();

  private static final ActivityOptions RECORD =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(10)
                  .build())
          .setSummary("Record the ping's outcome in the customer's settings")
          .build();

  @Override
  public WebhookPingResult ping(WebhookPingRequest request) {
    PingOutcome outcome;
    try {
      outcome = Workflow.newActivityStub(WebhookPingActivities.class, SEND).sendPing(request);
    } catch (ActivityFailure e) {
      outcome = PingOutcome.failed("The ping could not be sent; set the webhook URL again to retry");
    }
    if (!outcome.sent()) {
      return new WebhookPingResult(false, false, outcome.detail());
    }
    try {
      Workflow.newActivityStub(WebhookPingActivities.class, RECORD).recordPingOutcome(request, outcome);
    } catch (ActivityFailure e) {
      log.warn("could not record the ping outcome cxId={} settingsRevision={}", request.cxId(), request.settingsRevision());
    }
    return new WebhookPingResult(true, outcome.webhookEnabled(), outcome.detail());
  }
}
