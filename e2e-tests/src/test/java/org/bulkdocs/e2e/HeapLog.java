package org.bulkdocs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's {@code -Xlog:gc} file read as it grows: the heap left after each collection is what the
 * process really holds (the heap before it is mostly garbage), so its peak is the figure reported.
 */
final class HeapLog {

  private static final Pattern AFTER = Pattern.compile("->(\\d+)M\\(");

  private final Path file;
  private long offset;
  private long peak;

  HeapLog(Path file) {
    this.file = file;
  }

  /** Forgets what was read: the next peak is of what the log says from now on. */
  void reset() throws IOException {
    read();
    peak = 0;
  }

  long peakAfterGcMegabytes() throws IOException {
    read();
    return peak;
  }

  private void read() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] all = Files.readAllBytes(file);
    String added = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
    offset = all.length;
    Matcher matcher = AFTER.matcher(added);
    while (matcher.find()) {
      peak = Math.max(peak, Long.parseLong(matcher.group(1)));
    }
  }
}
