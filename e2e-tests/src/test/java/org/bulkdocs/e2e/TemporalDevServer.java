package org.bulkdocs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Temporal server with its Web UI: the CLI's {@code temporal server start-dev}, in memory,
 * on free ports, with this product's search attributes registered.
 */
final class TemporalDevServer implements AutoCloseable {

  final int grpcPort = Ports.free();
  final int uiPort = Ports.free();
  private final int httpPort = Ports.free();
  private final int metricsPort = Ports.free();
  private final Path database;
  private final Path log;
  private final String codecEndpoint;
  private ManagedProcess process;

  private TemporalDevServer(Path database, Path log, String codecEndpoint) throws IOException, InterruptedException {
    this.database = database;
    this.log = log;
    this.codecEndpoint = codecEndpoint;
    launch();
  }

  /** In memory: everything is gone when it stops. */
  static TemporalDevServer start(Path log) throws IOException, InterruptedException {
    return new TemporalDevServer(null, log, null);
  }

  /** In memory, its UI decoding payloads through the codec server at {@code codecEndpoint}. */
  static TemporalDevServer start(Path log, String codecEndpoint) throws IOException, InterruptedException {
    return new TemporalDevServer(null, log, codecEndpoint);
  }

  /** Persisted in {@code database} (SQLite), so it can be killed and started again with its runs. */
  static TemporalDevServer startPersisted(Path database, Path log) throws IOException, InterruptedException {
    return new TemporalDevServer(database, log, null);
  }

  private void launch() throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary().toString(), "server", "start-dev",
                "--ip", "127.0.0.1",
                "--port", String.valueOf(grpcPort),
                "--ui-port", String.valueOf(uiPort),
                "--http-port", String.valueOf(httpPort),
                "--metrics-port", String.valueOf(metricsPort),
                "--log-level", "warn"));
    for (String attribute : LocalSettings.searchAttributes()) {
      command.addAll(List.of("--search-attribute", attribute));
    }
    for (String setting : LocalSettings.devServerDynamicConfig()) {
      command.addAll(List.of("--dynamic-config-value", setting));
    }
    if (database != null) {
      command.addAll(List.of("--db-filename", database.toString()));
    }
    if (codecEndpoint != null) {
      command.addAll(List.of("--ui-codec-endpoint", codecEndpoint));
    }
    process = ManagedProcess.start("temporal dev server", command, Map.of(), log);
    process.awaitHttpOk(uiUrl(), Duration.ofSeconds(60));
  }

  /** kill -9 of the server process. */
  void kill() throws InterruptedException {
    process.kill();
  }

  /** Starts it again on the same ports (and database, when persisted). */
  void restart() throws IOException, InterruptedException {
    launch();
  }

  Duration cpu() {
    return process.cpu();
  }

  String address() {
    return "127.0.0.1:" + grpcPort;
  }

  String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  /** TEMPORAL_CLI, else {@code temporal} on the PATH, else where {@code go install} puts it. */
  private static Path binary() {
    String configured = System.getenv("TEMPORAL_CLI");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Stream<Path> candidates =
        Stream.concat(
            Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "temporal")),
            Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "temporal")));
    return candidates
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "temporal CLI not found: go install github.com/temporalio/cli/cmd/temporal@v1.5.1"));
  }

  @Override
  public void close() {
    process.close();
  }
}
