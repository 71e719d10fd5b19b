package org.bulkdocs.worker.workflow;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.policy.DeliveryPolicyActivities;
import org.bulkdocs.worker.sending.WebhookFailures;
import org.jspecify.annotations.Nullable;

/**
 * How the bulk workflow calls its activities: timeouts and retries per kind of work, and a stub per call
 * so that each scheduled activity carries its own summary in the Temporal UI. Workflow code only.
 */
final class RunActivities {

  /**
   * Listing (and the first delivery with it): S3 work. The server retries it a few times for a blip; a
   * longer outage comes back to the workflow, which waits for S3 with the outage backoff and says so.
   */
  static final ActivityOptions S3_WORK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(15))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          // a cancelled run ends only once its attempt has stopped: nothing is sent after the cancel's answer
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(4))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /**
   * Bookkeeping gives up within seconds rather than hold the run up: a step lost to an S3 outage is
   * repaired by the LedgerReconciler, and the run's own S3 work waits for the outage with its backoff.
   */
  private static final RetryOptions BOOKKEEPING_RETRIES =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(8))
          .setMaximumAttempts(4)
          .build();

  /**
   * Bookkeeping runs inside the workflow task that decides it: no activity task to
   * dispatch and no workflow task to wake, which halves a small run's round trips to the server. A
   * worker lost meanwhile takes its workflow task with it, and the next worker runs the step again:
   * every ledger and clean-up step may run twice.
   */
  static final LocalActivityOptions LOCAL_LEDGER =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(BOOKKEEPING_RETRIES)
          .build();

  static final LocalActivityOptions LOCAL_CLEANUP =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(BOOKKEEPING_RETRIES)
          .build();

  private RunActivities() {}

  /** The policy is configuration, read once per run through a local activity and kept in the state. */
  static DeliveryPolicyActivities policies() {
    return Workflow.newLocalActivityStub(
        DeliveryPolicyActivities.class,
        LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
  }

  /**
   * The workflow owns delivery retries: it must re-sign URLs and respect the window between them. The
   * server retries an attempt only when it was lost (its worker died: heartbeat or start-to-close
   * timeout), at once; every answer of the endpoint comes back to the workflow.
   */
  static ActivityOptions oneDeliveryAttempt(DeliveryPolicy policy) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(policy.attemptTimeout())
        .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(3)
                .setDoNotRetry(
                    WebhookFailures.UNAVAILABLE,
                    WebhookFailures.REJECTED,
                    WebhookFailures.GONE,
                    WebhookFailures.DEPENDENCY_DOWN)
                .build())
        .build();
  }

  static <T> T localStub(Class<T> type, LocalActivityOptions options, @Nullable String summary) {
    return Workflow.newLocalActivityStub(
        type, summary == null ? options : LocalActivityOptions.newBuilder(options).setSummary(summary).build());
  }

  static <T> T stub(Class<T> type, ActivityOptions options, @Nullable String summary) {
    return Workflow.newActivityStub(
        type, summary == null ? options : ActivityOptions.newBuilder(options).setSummary(summary).build());
  }
}
