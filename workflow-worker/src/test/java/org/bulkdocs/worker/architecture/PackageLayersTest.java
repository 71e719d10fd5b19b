package org.bulkdocs.worker.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The worker's packages read top-down: each imports only packages below it in {@link #LAYERS}, so a
 * reader starts at the workflow and never has to climb back up.
 */
class PackageLayersTest {

  /** Top to bottom. */
  static final List<String> LAYERS =
      List.of(
          "workflow",   // the orchestration: what comes next
          "ping",       // the ping workflow and its activity
          "housekeeping", // the deployment's periodic jobs as Temporal Schedules
          "recovery", // POST /settings/webhook/recover: redeliveries of given-up messages, in the background
          "policy",     // the delivery policy local activity
          "delivery",   // the bulk run's activities: list and first attempt, a page, the failed notice
          "messages",   // building a message and its pages: JSON, documents, signatures streamed
          "listing",    // listing a patient's documents into the claim check
          "ledger",     // the webhook ledger's activities
          "sending",    // one signed POST: HTTP client, address guard, signatures, per-customer slots
          "targets",    // where a customer's webhooks go, with which key and page size
          "paging",     // cutting a listing into pages
          "signing",    // presigned URLs
          "staging",    // claim-check data in S3
          "temporal",   // the worker's Temporal options
          "activity");  // what every activity shares: heartbeats, temp files, large-work permits

  private static final Path SOURCES = Path.of("src/main/java/org/bulkdocs/worker");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.bulkdocs\\.worker\\.([a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void everyPackageIsLayeredAndImportsOnlyDownward() throws IOException {
    List<String> packages;
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      packages = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    }
    assertEquals(LAYERS.stream().sorted().toList(), packages, "every package has a place in LAYERS");

    List<String> upward = new ArrayList<>();
    for (String pkg : packages) {
      try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
          while (m.find()) {
            String imported = m.group(1);
            if (!imported.equals(pkg) && LAYERS.indexOf(imported) < LAYERS.indexOf(pkg)) {
              upward.add(pkg + "/" + file.getFileName() + " imports " + imported);
            }
          }
        }
      }
    }
    assertEquals(List.of(), upward, "imports of a package above");
  }
}
