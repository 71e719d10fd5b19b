package org.bulkdocs.worker.housekeeping;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** A job is one activity: S3 trouble is retried a few times, then the next scheduled run tries again. */
final class HousekeepingActivityOptions {

  private HousekeepingActivityOptions() {}

  static HousekeepingActivities stub() {
    return Workflow.newActivityStub(
        HousekeepingActivities.class,
        ActivityOptions.newBuilder()
            // every customer's ledger or settings are listed: minutes for a large deployment
            .setStartToCloseTimeout(Duration.ofMinutes(30))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(10))
                    .setBackoffCoefficient(2)
                    .setMaximumAttempts(3)
                    .build())
            .build());
  }
}
