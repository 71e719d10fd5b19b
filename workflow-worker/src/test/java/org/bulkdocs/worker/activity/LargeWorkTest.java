package org.bulkdocs.worker.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Large work writes where it is told, and does not start when that disk is short of space. */
class LargeWorkTest {

  @Test
  void writesItsTempFilesInTheConfiguredDirectory(@TempDir Path dir) {
    LargeWork work = new LargeWork(new LargeWorkProperties(2, dir.toString(), DataSize.ofMegabytes(1)));
    Path file = work.run(() -> work.tempFile("bulk-listing-", ".jsonl"));
    assertEquals(dir, file.getParent());
    assertTrue(Files.exists(file));
  }

  @Test
  void aShortDiskIsAClearErrorAndNothingStarts(@TempDir Path dir) throws Exception {
    long free = Files.getFileStore(dir).getUsableSpace();
    LargeWork work = new LargeWork(new LargeWorkProperties(2, dir.toString(), DataSize.ofBytes(free * 2)));
    AtomicBoolean started = new AtomicBoolean();
    LargeWork.TempSpaceShort shortage =
        assertThrows(LargeWork.TempSpaceShort.class, () -> work.run(() -> started.getAndSet(true)));
    assertFalse(started.get());
    assertTrue(shortage.getMessage().contains("temp space is short"), shortage.getMessage());
    assertTrue(shortage.getMessage().contains(dir.toString()), shortage.getMessage());
  }

  @Test
  void aDirectoryThatIsNotThereStopsStartup(@TempDir Path dir) {
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LargeWorkProperties(2, dir.resolve("missing").toString(), DataSize.ofMegabytes(1)));
    assertTrue(bad.getMessage().contains("WORKER_TEMP_DIR"), bad.getMessage());
    assertEquals(
        Path.of(System.getProperty("java.io.tmpdir")), new LargeWorkProperties(2, "", DataSize.ofBytes(0)).directory());
  }
}
