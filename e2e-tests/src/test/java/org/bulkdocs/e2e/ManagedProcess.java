package org.bulkdocs.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/** A child process (a service jar, the Temporal dev server) whose output goes to a log file. */
final class ManagedProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ManagedProcess(name, builder.start(), log);
  }

  static ManagedProcess javaJar(String name, Path jar, Map<String, String> env, Path log)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build with ./mvnw -B -DskipTests package");
    }
    return start(name, List.of("java", "-jar", jar.toString()), env, log);
  }

  /** Polls until the URL answers 2xx; fails early, with the log's tail, if the process dies. */
  ManagedProcess awaitHttpOk(String url, Duration timeout) {
    return await(name + " ready at " + url, timeout, () -> answers2xx(url));
  }

  private static boolean answers2xx(String url) throws InterruptedException {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Until {@code condition} holds; fails at once, with the log's tail, if the process dies meanwhile. */
  private ManagedProcess await(String what, Duration timeout, Callable<Boolean> condition) {
    try {
      Awaitility.await(what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .failFast(name + " exited early", () -> !process.isAlive())
          .until(condition);
      return this;
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(e.getMessage() + ":\n" + tail(), e);
    }
  }

  /** CPU time the process has used so far (user + system), from the OS. */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Polls the log until a line contains {@code text}; fails early, with the log's tail, if the process dies. */
  ManagedProcess awaitLogLine(String text, Duration timeout) {
    return await(name + " logging '" + text + "'", timeout, () -> Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text));
  }

  /** kill -9: no shutdown hook, no graceful anything, exactly like a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Whether the process ever wrote this to its log. */
  boolean logContains(String text) {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
