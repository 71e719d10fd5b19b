package org.bulkdocs.worker.activity;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Caps how many listings and message builds run at once ({@code WORKER_MAX_CONCURRENT_LARGE_WORK}). Each
 * streams through buffers of fixed size, so the cap bounds the worker's memory and its S3 and CPU load
 * whatever the patients' sizes; the others wait their turn, heartbeating.
 */
@Component
public class LargeWork {

  private final Semaphore permits;

  public LargeWork(LargeWorkProperties properties) {
    this.permits = new Semaphore(properties.maxConcurrent(), true);
  }

  public <T> T run(Supplier<T> work) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to start", e);
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }
}
