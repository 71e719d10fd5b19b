package org.bulkdocs.api.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Temporal's real server, the CLI's {@code temporal server start-dev}: in memory, headless, on free
 * ports, with the search attributes of {@code deploy/temporal/search-attributes}. Its visibility answers
 * the queries the API sends production's. Without the CLI ({@code TEMPORAL_CLI}, the PATH, or where
 * {@code go install} puts it; {@code tools/go-tool.sh temporal} installs it) the test is skipped, and
 * says so.
 */
final class DevServer implements AutoCloseable {

  private static final Path SEARCH_ATTRIBUTES = Path.of("..", "deploy", "temporal", "search-attributes");

  private final Process process;
  private final int port;

  private DevServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static DevServer start(Path log) throws IOException {
    Optional<Path> found = cli();
    Assumptions.assumeTrue(
        found.isPresent(), "temporal CLI not found (TEMPORAL_CLI, PATH, ~/go/bin): tools/go-tool.sh temporal installs it");
    Path cli = found.orElseThrow();
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                cli.toString(), "server", "start-dev", "--headless",
                "--ip", "127.0.0.1",
                "--port", String.valueOf(port),
                "--http-port", String.valueOf(freePort()),
                "--metrics-port", String.valueOf(freePort()),
                "--log-level", "warn"));
    for (String line : Files.readAllLines(SEARCH_ATTRIBUTES)) {
      if (line.matches("[A-Za-z]\\w*=\\w+")) {
        command.addAll(List.of("--search-attribute", line));
      }
    }
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    DevServer server = new DevServer(process, port);
    try {
      await("the Temporal dev server on port " + port)
          .atMost(Duration.ofSeconds(60))
          .until(() -> !process.isAlive() || accepts(port));
      if (!process.isAlive()) {
        throw new IllegalStateException("the Temporal dev server exited: " + Files.readString(log));
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static Optional<Path> cli() {
    String configured = System.getenv("TEMPORAL_CLI");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    return Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "temporal")),
            Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "temporal")))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
