package org.bulkdocs.worker.sending;

import java.nio.file.Path;
import java.time.Instant;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.bulkdocs.worker.activity.TempFiles;
import org.bulkdocs.worker.targets.SigningKeys;
import org.jspecify.annotations.Nullable;

/**
 * A message ready to POST: its body (in memory when small, else a temp file written once) and the
 * signatures of exactly those bytes, taken at {@code timestampSeconds}.
 *
 * @param urlsValidUntil when the message's download URLs expire; null when it has none
 */
public record OutgoingMessage(
    String messageId,
    long timestampSeconds,
    String metriportSignature,
    String standardWebhooksSignature,
    RequestBody body,
    long bodyBytes,
    int documents,
    @Nullable Instant urlsValidUntil,
    @Nullable Path file)
    implements AutoCloseable {

  public static final MediaType JSON = MediaType.get("application/json");

  /** A small message, signed now. */
  public static OutgoingMessage of(SigningKeys keys, String messageId, byte[] body, int documents) {
    long timestamp = Instant.now().getEpochSecond();
    return new OutgoingMessage(
        messageId,
        timestamp,
        WebhookSignature.sign(keys.metriportKey(), body),
        WebhookSignature.standardWebhooks(keys, messageId, timestamp, body),
        RequestBody.create(body, JSON),
        body.length,
        documents,
        null,
        null);
  }

  @Override
  public void close() {
    TempFiles.deleteQuietly(file);
  }
}
