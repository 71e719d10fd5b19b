package org.bulkdocs.worker.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import org.bulkdocs.worker.webhook.WebhookFailures;

/** Why one delivery attempt did not get through, as far as the retry logic cares. */
record DeliveryProblem(String message, boolean rejected, boolean gone, Duration retryAfter) {

  /** What an activity reported about an attempt rather than threw ({@code FirstDelivery}). */
  static DeliveryProblem of(String type, String message, Long retryAfterSeconds) {
    boolean gone = WebhookFailures.GONE.equals(type);
    boolean rejected = gone || WebhookFailures.REJECTED.equals(type);
    return new DeliveryProblem(message, rejected, gone, retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds));
  }

  static DeliveryProblem of(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      boolean gone = WebhookFailures.GONE.equals(app.getType());
      boolean rejected = gone || WebhookFailures.REJECTED.equals(app.getType());
      Duration retryAfter = null;
      if (WebhookFailures.UNAVAILABLE.equals(app.getType()) && app.getDetails().getSize() > 0) {
        retryAfter = Duration.ofSeconds(app.getDetails().get(Long.class));
      }
      return new DeliveryProblem(app.getOriginalMessage(), rejected, gone, retryAfter);
    }
    if (cause instanceof TimeoutFailure) {
      return new DeliveryProblem("delivery attempt timed out", false, false, null);
    }
    return new DeliveryProblem(
        cause != null ? cause.getMessage() : failure.getMessage(), false, false, null);
  }
}
