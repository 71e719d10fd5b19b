package org.bulkdocs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Chromium, headless: renders the Temporal UI (a single-page app) to PNG or to its DOM. */
final class HeadlessChromium {

  private static final int RENDER_BUDGET_MS = 15_000;

  private final Path binary;
  private final Path profileDir;

  HeadlessChromium(Path profileDir) {
    String configured = System.getenv("CHROMIUM");
    this.binary = Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("Chromium not found at " + binary + " (apt-get install chromium)");
    }
    this.profileDir = profileDir;
  }

  void screenshot(String url, Path png) throws IOException, InterruptedException {
    Files.createDirectories(png.getParent());
    run(url, "--screenshot=" + png.toAbsolutePath(), "--window-size=1800,1100");
  }

  /** The DOM after the page's scripts ran: what an operator would read on screen. */
  String renderedDom(String url) throws IOException, InterruptedException {
    return run(url, "--dump-dom", "--window-size=1800,1100");
  }

  private String run(String url, String... extra) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--virtual-time-budget=" + RENDER_BUDGET_MS));
    command.addAll(List.of(extra));
    command.add(url);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish on " + url);
    }
    return out;
  }
}
