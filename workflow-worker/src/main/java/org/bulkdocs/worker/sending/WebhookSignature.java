package org.bulkdocs.worker.sending;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bulkdocs.worker.targets.SigningKeys;

/**
 * How a message is signed, with the customer's webhook key as the HMAC-SHA256 key (its UTF-8 bytes):
 *
 * <ul>
 *   <li>{@code x-metriport-signature}: lowercase hex over the exact body bytes (what the official SDK's
 *       {@code verifyWebhookSignature} checks);
 *   <li>the Standard Webhooks headers, so receivers can refuse replays: {@code webhook-id} (the
 *       messageId), {@code webhook-timestamp} (seconds) and {@code webhook-signature} ({@code v1,} and the
 *       base64 HMAC over {@code id.timestamp.body}). Standard Webhooks libraries take the key as a base64
 *       secret: {@code whsec_} + base64 of the webhook key's UTF-8 bytes.
 * </ul>
 */
public final class WebhookSignature {

  public static final String HEADER = "x-metriport-signature";

  public static final String WEBHOOK_ID = "webhook-id";

  public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";

  public static final String WEBHOOK_SIGNATURE = "webhook-signature";

  private WebhookSignature() {}

  public static String sign(String webhookKey, byte[] body) {
    return HexFormat.of().formatHex(mac(webhookKey).doFinal(body));
  }

  /** The {@code webhook-signature} value for this message id, timestamp (epoch seconds) and body. */
  public static String standardWebhooks(String webhookKey, String messageId, long timestampSeconds, byte[] body) {
    return standardWebhooks(SigningKeys.of(webhookKey), messageId, timestampSeconds, body);
  }

  /** One {@code v1,} signature per key, space-separated, the current key's first. */
  public static String standardWebhooks(SigningKeys keys, String messageId, long timestampSeconds, byte[] body) {
    StringBuilder value = new StringBuilder();
    for (String key : standardKeys(keys)) {
      Mac mac = mac(key);
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      value.append(value.isEmpty() ? "" : " ").append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal(body)));
    }
    return value.toString();
  }

  private static List<String> standardKeys(SigningKeys keys) {
    return keys.previous() == null ? List.of(keys.current()) : List.of(keys.current(), keys.previous());
  }

  /**
   * Both signatures computed over the bytes as they are written, for a body too large to hold: the
   * signatures are then of exactly what was written.
   */
  public static final class Streaming extends FilterOutputStream {

    private final Mac metriport;
    private final List<Mac> standard;

    public Streaming(SigningKeys keys, String messageId, long timestampSeconds, OutputStream out) {
      super(out);
      this.metriport = mac(keys.metriportKey());
      byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
      this.standard =
          standardKeys(keys).stream()
              .map(
                  key -> {
                    Mac mac = mac(key);
                    mac.update(prefix);
                    return mac;
                  })
              .toList();
    }

    @Override
    public void write(int b) throws IOException {
      metriport.update((byte) b);
      for (Mac mac : standard) {
        mac.update((byte) b);
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      metriport.update(b, off, len);
      for (Mac mac : standard) {
        mac.update(b, off, len);
      }
      out.write(b, off, len);
    }

    /** Once everything is written: the {@code x-metriport-signature} value. */
    public String metriportSignature() {
      return HexFormat.of().formatHex(metriport.doFinal());
    }

    /** Once everything is written: the {@code webhook-signature} value. */
    public String standardWebhooksSignature() {
      StringBuilder value = new StringBuilder();
      for (Mac mac : standard) {
        value.append(value.isEmpty() ? "" : " ").append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal()));
      }
      return value.toString();
    }
  }

  private static Mac mac(String webhookKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
