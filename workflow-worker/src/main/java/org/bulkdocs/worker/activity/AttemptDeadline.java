package org.bulkdocs.worker.activity;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When the server gives up on the current activity attempt (its start-to-close timeout). The SDK does
 * not interrupt an attempt that timed out, so work that could outlive it (waiting for a slot, an HTTP
 * call) bounds itself by this: nothing is sent after the server has moved on.
 */
public final class AttemptDeadline {

  private AttemptDeadline() {}

  /** Null outside an activity, or for an attempt without a start-to-close timeout. */
  public static @Nullable Instant current() {
    ActivityInfo info;
    try {
      info = Activity.getExecutionContext().getInfo();
    } catch (IllegalStateException e) {
      return null; // not called from an activity thread (a test calling the code directly)
    }
    Duration timeout = info.getStartToCloseTimeout();
    if (timeout == null || timeout.isZero()) {
      return null;
    }
    return Instant.ofEpochMilli(info.getStartedTimestamp()).plus(timeout);
  }

  /** What is left of {@code deadline} from now, keeping {@code margin} for reporting back; null: no deadline. */
  public static @Nullable Duration remaining(@Nullable Instant deadline, Duration margin) {
    if (deadline == null) {
      return null;
    }
    Duration left = Duration.between(Instant.now(), deadline).minus(margin);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
