package org.bulkdocs.worker.activity;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

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

  private static final ThreadLocal<BackgroundHeartbeat> CURRENT = new ThreadLocal<>();

  private final ScheduledFuture<?> beating;
  private volatile @Nullable Runnable onCancel;

  private BackgroundHeartbeat(ActivityExecutionContext context) {
    beating =
        BEATS.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(null);
              } catch (ActivityCanceledException e) {
                // the run was cancelled: stop what cannot find out by itself (an HTTP call in flight)
                Runnable cancel = onCancel;
                if (cancel != null) {
                  cancel.run();
                }
                throw e;
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
    CURRENT.set(heartbeat);
    try {
      return work.run();
    } finally {
      CURRENT.remove();
      heartbeat.beating.cancel(false);
    }
  }

  /** Undoes {@link #whenCancelled}. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Runs {@code cancel} if the activity running on this thread is cancelled before the registration is
   * closed. Nothing happens outside {@link #around} (a local activity, a test).
   */
  public static Registration whenCancelled(Runnable cancel) {
    BackgroundHeartbeat heartbeat = CURRENT.get();
    if (heartbeat == null) {
      return () -> {};
    }
    heartbeat.onCancel = cancel;
    return () -> heartbeat.onCancel = null;
  }
}
