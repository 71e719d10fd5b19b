package org.bulkdocs.worker.activity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Caps how many listings and message builds run at once ({@code WORKER_MAX_CONCURRENT_LARGE_WORK}) and
 * owns the directory they stream through. Each streams through buffers of fixed size, so the cap bounds
 * the worker's memory and its S3 and CPU load whatever the patients' sizes; the others wait their turn,
 * heartbeating. No permit is held while talking to a customer: callers send outside {@link #run}.
 */
@Component
public class LargeWork {

  /** There is not enough free space where large work writes; tried again like an outage. */
  public static final class TempSpaceShort extends RuntimeException {
    TempSpaceShort(String message) {
      super(message);
    }
  }

  private final Semaphore permits;
  private final Path tempDir;
  /** Looked up once: finding a path's file store reads the mount table; its free space is read each time. */
  private final FileStore store;
  private final long minFreeBytes;

  public LargeWork(LargeWorkProperties properties) {
    this.permits = new Semaphore(properties.maxConcurrent(), true);
    this.tempDir = properties.directory();
    this.minFreeBytes = properties.minFreeSpace().toBytes();
    try {
      this.store = Files.getFileStore(tempDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @throws TempSpaceShort when less than the configured minimum is free in the temp directory */
  public <T> T run(Supplier<T> work) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to start", e);
    }
    try {
      checkFreeSpace();
      return work.get();
    } finally {
      permits.release();
    }
  }

  /** A new file in the temp directory; large work deletes it when done ({@link TempFiles#deleteQuietly}). */
  public Path tempFile(String prefix, String suffix) {
    try {
      return Files.createTempFile(tempDir, prefix, suffix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkFreeSpace() {
    if (minFreeBytes == 0) {
      return;
    }
    long usable;
    try {
      usable = store.getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (usable < minFreeBytes) {
      throw new TempSpaceShort(
          "the worker's temp space is short: " + usable / (1024 * 1024) + " MiB free in " + tempDir + ", "
              + minFreeBytes / (1024 * 1024) + " MiB wanted (WORKER_TEMP_DIR, WORKER_TEMP_MIN_FREE)");
    }
  }
}
