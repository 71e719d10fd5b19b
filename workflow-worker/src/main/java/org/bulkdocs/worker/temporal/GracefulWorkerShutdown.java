package org.bulkdocs.worker.temporal;

import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Lets the attempts in flight finish when the worker is stopped (SIGTERM: a rolling update, a scale-down).
 * The starter only calls {@code WorkerFactory.shutdown()}, which stops polling and returns at once, so
 * the JVM would exit under running activities, and each would be retried elsewhere after its heartbeat
 * timeout: a webhook the endpoint took but whose attempt never reported back is sent twice. Temporal's
 * own way out (sdk-java#2026) is this: shut down, then await termination, for up to
 * {@code WORKER_SHUTDOWN_TIMEOUT} (longer than one attempt). Deployments give the process more than that
 * to stop (compose's {@code stop_grace_period}, Kubernetes' {@code terminationGracePeriodSeconds}).
 */
@Component
class GracefulWorkerShutdown implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GracefulWorkerShutdown.class);

  private final WorkerFactory factory;
  private final WorkerTemporalProperties properties;
  private volatile boolean running;

  GracefulWorkerShutdown(WorkerFactory factory, WorkerTemporalProperties properties) {
    this.factory = factory;
    this.properties = properties;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    long started = System.nanoTime();
    factory.shutdown();
    factory.awaitTermination(properties.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "worker stopped after {} ms: {}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        factory.isTerminated() ? "every task in flight finished" : "tasks still in flight after " + properties.shutdownTimeout());
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the beans the activities use (S3, HTTP client) and before Spring's default phase. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
