package org.bulkdocs.worker.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bulkdocs.worker.activity.AttemptDeadline;
import org.bulkdocs.worker.targets.WebhookProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Each customer's own share of this worker's deliveries ({@code WEBHOOK_MAX_CONCURRENT_PER_CUSTOMER}).
 * A delivery holds its customer's slot for its whole HTTP call and nothing shared with other customers,
 * so an endpoint that never answers makes only its own customer wait. A slot not free before the attempt's
 * deadline ends the attempt as the endpoint's own delay (retried with the customer's backoff).
 */
@Component
public class CustomerDeliverySlots {

  /** Left of an attempt's time when it gives up waiting, to report back before the server times it out. */
  static final Duration REPORT_MARGIN = Duration.ofSeconds(2);

  private final int perCustomer;
  private final ConcurrentMap<String, Semaphore> slots = new ConcurrentHashMap<>();

  public CustomerDeliverySlots(WebhookProperties properties) {
    this.perCustomer = properties.maxConcurrentPerCustomer();
  }

  /** Runs {@code delivery} in one of {@code cxId}'s slots, waiting at most until {@code deadline}. */
  public <T> T run(String cxId, @Nullable Instant deadline, Supplier<T> delivery) {
    Semaphore semaphore = slots.computeIfAbsent(cxId, id -> new Semaphore(perCustomer, true));
    Duration wait = AttemptDeadline.remaining(deadline, REPORT_MARGIN);
    try {
      boolean acquired =
          wait == null ? acquire(semaphore) : semaphore.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (!acquired) {
        throw WebhookFailures.unavailable(
            perCustomer + " deliveries to this endpoint were still in flight for the whole attempt", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WebhookFailures.unavailable("interrupted while waiting for a delivery slot", null);
    }
    try {
      return delivery.get();
    } finally {
      semaphore.release();
    }
  }

  /** Deliveries of {@code cxId} in flight now (metrics, tests). */
  public int inFlight(String cxId) {
    Semaphore semaphore = slots.get(cxId);
    return semaphore == null ? 0 : perCustomer - semaphore.availablePermits();
  }

  private static boolean acquire(Semaphore semaphore) throws InterruptedException {
    semaphore.acquire();
    return true;
  }
}
