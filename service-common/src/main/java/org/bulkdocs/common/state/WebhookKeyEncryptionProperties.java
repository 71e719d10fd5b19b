package org.bulkdocs.common.state;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key-encryption keys of webhook keys at rest, the same in both services.
 *
 * @param keys {@code id:base64,id:base64,...}: the active key and any retired ones still needed to read
 *     (env {@code WEBHOOK_KEY_ENCRYPTION_KEYS})
 * @param active the ID new keys are encrypted under (env {@code WEBHOOK_KEY_ENCRYPTION_ACTIVE})
 */
@ConfigurationProperties("bulkdocs.webhook-key-encryption")
public record WebhookKeyEncryptionProperties(String keys, String active) {

  @Override
  public String toString() {
    return "WebhookKeyEncryptionProperties[keys=<redacted>, active=" + active + "]";
  }
}
