package org.bulkdocs.worker.activity;

import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxConcurrent listings and message builds at once ({@code WORKER_MAX_CONCURRENT_LARGE_WORK})
 * @param tempDir where listings and messages stream through ({@code WORKER_TEMP_DIR}; the JVM's temp
 *     directory when unset): a disk, not a RAM-backed tmpfs counted against the worker's memory
 * @param minFreeSpace large work starts only while this much is free there ({@code
 *     WORKER_TEMP_MIN_FREE}); below it the attempt fails as an outage and is tried again
 */
@Validated
@ConfigurationProperties("bulkdocs.large-work")
public record LargeWorkProperties(
    @DefaultValue("8") @Min(1) int maxConcurrent, @Nullable String tempDir, @DefaultValue("512MB") DataSize minFreeSpace) {

  @ConstructorBinding
  public LargeWorkProperties {
    tempDir = tempDir == null || tempDir.isBlank() ? System.getProperty("java.io.tmpdir") : tempDir;
    Path dir = Path.of(tempDir);
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new IllegalArgumentException(
          "bulkdocs.large-work.temp-dir (WORKER_TEMP_DIR) " + tempDir + " is not a writable directory");
    }
    try {
      Files.getFileStore(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException("bulkdocs.large-work.temp-dir (WORKER_TEMP_DIR) " + tempDir + ": " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return Path.of(tempDir);
  }

  /** As tests and tools build it: the JVM's temp directory, no free-space floor. */
  public LargeWorkProperties(int maxConcurrent) {
    this(maxConcurrent, null, DataSize.ofBytes(0));
  }
}
