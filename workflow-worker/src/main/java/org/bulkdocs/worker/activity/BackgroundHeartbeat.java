package org.bulkdocs.worker.activity;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats the current activity from a background thread while {@link #around} runs its work, which
 * may block (an S3 upload, an HTTP
 * call). Short heartbeat timeouts are what make a dead worker's work retried within seconds; a
 * blocking call must not be mistaken for a dead worker, so the beats go on while it runs and stop the
 * moment the process does.
 */
public final class BackgroundHeartbeat {

  /**
   * The heartbeat timeout every activity is scheduled with: a worker that dies is found out this
   * quickly and its work retried on another, instead of after a start-to-close timeout.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How often to beat; the SDK throttles to its own pace within {@link #TIMEOUT} anyway. */
  public static final Duration EVERY = Duration.ofSeconds(2);

  private static final ScheduledExecutorService BEATS =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "activity-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  private final ScheduledFuture<?> beating;

  private BackgroundHeartbeat(ActivityExecutionContext context) {
    beating =
        BEATS.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(null);
              } catch (RuntimeException e) {
                // Cancelled, timed out or the server is unreachable: the activity's own thread finds
                // out from its next call. Rethrown, because a periodic task that throws is not run again.
                throw e;
              }
            },
            EVERY.toMillis(),
            EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Work that may throw a checked exception. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code work} for the activity on the calling thread, beating until it returns or throws. */
  public static <T, E extends Exception> T around(Work<T, E> work) throws E {
    ActivityExecutionContext context = Activity.getExecutionContext();
    if (context.getInfo().isLocal()) {
      return work.run(); // a local activity lives inside its workflow task, which the SDK keeps alive
    }
    BackgroundHeartbeat heartbeat = new BackgroundHeartbeat(context);
    try {
      return work.run();
    } finally {
      heartbeat.beating.cancel(false);
    }
  }
}
