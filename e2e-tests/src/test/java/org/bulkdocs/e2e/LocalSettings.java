package org.bulkdocs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files that describe the local stack once, read as the scripts read them (tools/lib.sh's
 * load_settings): {@code deploy/local.env}, {@code deploy/temporal/search-attributes} and
 * {@code deploy/temporal/dev-server-dynamic-config}.
 */
final class LocalSettings {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private LocalSettings() {}

  /** {@code deploy/local.env}: the ports and the services' environment of the local stack. */
  static Map<String, String> localEnv() {
    return keyValues(REPO.resolve("deploy/local.env"));
  }

  /**
   * The worker's JVM options as every shipped stack runs it ({@code WORKER_JAVA_OPTIONS}: run-local.sh
   * reads it here, compose and the native stack default to the same), unless {@code property} overrides
   * it (empty: the JVM's defaults).
   */
  static String workerJavaOptions(String property) {
    String override = System.getProperty(property);
    return override != null ? override : localEnv().getOrDefault("WORKER_JAVA_OPTIONS", "");
  }

  /** {@code Name=Type} of each custom search attribute, as the dev server's flag takes it. */
  static List<String> searchAttributes() {
    return keyValues(REPO.resolve("deploy/temporal/search-attributes")).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .toList();
  }

  /** {@code Name=Value} of each dynamic config setting of the dev server, as its flag takes it. */
  static List<String> devServerDynamicConfig() {
    return keyValues(REPO.resolve("deploy/temporal/dev-server-dynamic-config")).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .toList();
  }

  private static Map<String, String> keyValues(Path file) {
    try {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new IllegalStateException(file + ": not a KEY=value line: " + line);
        }
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
