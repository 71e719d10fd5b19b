package org.bulkdocs.worker.activity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The temp files large work streams through ({@link LargeWork#tempFile}), so that memory stays flat. */
public final class TempFiles {

  private TempFiles() {}

  /** A leftover temp file is harmless: the work it served was done or will be redone. */
  public static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // see above
    }
  }
}
