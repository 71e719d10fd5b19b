package org.bulkdocs.worker.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code x-metriport-signature}: lowercase hex HMAC-SHA256 over the exact body bytes, keyed with the
 * customer's webhook key (what the official SDK's {@code verifyWebhookSignature} checks).
 */
public final class WebhookSignature {

  public static final String HEADER = "x-metriport-signature";

  private WebhookSignature() {}

  public static String sign(String webhookKey, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
