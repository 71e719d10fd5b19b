package org.bulkdocs.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Metriport's official SDK (npm {@code @metriport/api-sdk}, installed into
 * {@code sdk-conformance/} by the build) on a received webhook: signature check and parse, exactly
 * as a customer's handler would; and the Standard Webhooks reference library (npm
 * {@code standardwebhooks}) on its {@code webhook-*} headers.
 */
public final class OfficialSdk {

  private static final Path DIR = Path.of("..", "sdk-conformance").toAbsolutePath().normalize();

  private OfficialSdk() {}

  /** Returns the SDK's summary of the parsed message; fails the test if the SDK rejects it. */
  public static JsonNode acceptWebhook(String webhookKey, WebhookReceiver.Attempt attempt) {
    assertTrue(
        Files.isDirectory(DIR.resolve("node_modules/@metriport/api-sdk")),
        "official SDK missing: the build runs `npm ci` in " + DIR);
    try {
      Path body = Files.createTempFile("webhook-", ".json");
      try {
        Files.write(body, attempt.body());
        Process node =
            new ProcessBuilder(
                    "node",
                    "verify-webhook.mjs",
                    webhookKey,
                    body.toString(),
                    attempt.signature(),
                    String.valueOf(attempt.webhookId()),
                    String.valueOf(attempt.webhookTimestamp()),
                    String.valueOf(attempt.webhookSignature()))
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
        assertEquals(0, node.exitValue(), "official SDK rejected the webhook: " + output);
        return JsonMapper.builder().build().readTree(output.strip());
      } finally {
        Files.deleteIfExists(body);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run node", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
