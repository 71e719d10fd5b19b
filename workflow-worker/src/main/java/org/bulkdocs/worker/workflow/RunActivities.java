package org.bulkdocs.worker.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.policy.DeliveryPolicyActivities;
import org.bulkdocs.worker.webhook.WebhookFailures;
import org.jspecify.annotations.Nullable;

/**
 * How the bulk workflow calls its activities: timeouts and retries per kind of work, and a stub per call
 * so that each scheduled activity carries its own summary in the Temporal UI. Workflow code only.
 */
final class RunActivities {

  /** Listing and signing: S3 work, retried by the server with backoff. */
  static final ActivityOptions S3_WORK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(15))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(8)
                  .build())
          .build();

  static final ActivityOptions CLEANUP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .setSummary("Delete the run's staged claim-check data")
          .build();

  /**
   * Bookkeeping: retried patiently, and a run never fails because of it. It heartbeats like the rest:
   * the fault suite caught a run waiting out this minute for a ledger step lost with its worker.
   */
  static final ActivityOptions LEDGER =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(12)
                  .build())
          .build();

  /**
   * The same bookkeeping run inside the workflow task that decides it (paged runs): no activity task to
   * dispatch and no workflow task to wake, which halves a small run's round trips to the server. A
   * worker lost meanwhile takes its workflow task with it, and the next worker runs the step again:
   * every ledger and clean-up step may run twice.
   */
  static final LocalActivityOptions LOCAL_LEDGER =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(LEDGER.getRetryOptions())
          .build();

  static final LocalActivityOptions LOCAL_CLEANUP =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(CLEANUP.getRetryOptions())
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
        .setStartToCloseTimeout(policy.attemptTimeoutOrLegacy())
        .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(3)
                .setDoNotRetry(WebhookFailures.UNAVAILABLE, WebhookFailures.REJECTED, WebhookFailures.GONE)
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
