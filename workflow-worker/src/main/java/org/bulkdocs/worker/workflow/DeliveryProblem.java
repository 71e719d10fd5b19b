package org.bulkdocs.worker.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import org.bulkdocs.worker.sending.WebhookFailures;

/**
 * Why one attempt did not get through, as far as the retry logic cares.
 *
 * @param outage something of ours was down (S3), not the endpoint: waited for with the outage backoff
 */
record DeliveryProblem(String message, boolean rejected, boolean gone, boolean outage, Duration retryAfter) {

  /** What an activity reported about an attempt rather than threw ({@code FirstDelivery}). */
  static DeliveryProblem of(String type, String message, Long retryAfterSeconds) {
    boolean gone = WebhookFailures.GONE.equals(type);
    boolean rejected = gone || WebhookFailures.REJECTED.equals(type);
    return new DeliveryProblem(
        message,
        rejected,
        gone,
        WebhookFailures.DEPENDENCY_DOWN.equals(type),
        retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds));
  }

  static DeliveryProblem of(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      Long retryAfter =
          WebhookFailures.UNAVAILABLE.equals(app.getType()) && app.getDetails().getSize() > 0
              ? app.getDetails().get(Long.class)
              : null;
      return of(app.getType(), app.getOriginalMessage(), retryAfter);
    }
    if (cause instanceof TimeoutFailure) {
      return new DeliveryProblem("delivery attempt timed out", false, false, false, null);
    }
    return new DeliveryProblem(cause != null ? cause.getMessage() : failure.getMessage(), false, false, false, null);
  }

  /**
   * A step of ours that failed after the server's own retries (listing): an outage unless the step said
   * retrying cannot help.
   */
  static DeliveryProblem ofStep(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    boolean permanent = cause instanceof ApplicationFailure app && app.isNonRetryable();
    String message =
        cause instanceof ApplicationFailure app
            ? app.getOriginalMessage()
            : cause instanceof TimeoutFailure ? "timed out" : String.valueOf(cause != null ? cause.getMessage() : failure.getMessage());
    return new DeliveryProblem(message, false, false, !permanent, null);
  }
}
