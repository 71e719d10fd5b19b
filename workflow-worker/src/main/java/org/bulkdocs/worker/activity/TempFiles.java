package org.bulkdocs.worker.activity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The temp files large work streams through, so that memory stays flat whatever a patient's size. */
public final class TempFiles {

  private TempFiles() {}

  public static Path create(String prefix, String suffix) {
    try {
      return Files.createTempFile(prefix, suffix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
