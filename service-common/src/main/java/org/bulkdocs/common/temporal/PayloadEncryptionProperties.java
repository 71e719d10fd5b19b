package org.bulkdocs.common.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that encrypt every payload the services give Temporal, the same in both services.
 *
 * @param keys {@code id:base64,...}: the active key and retired ones still needed to read older runs
 *     (env {@code PAYLOAD_ENCRYPTION_KEYS})
 * @param active the ID new payloads are encrypted under (env {@code PAYLOAD_ENCRYPTION_ACTIVE})
 */
@ConfigurationProperties("bulkdocs.payload-encryption")
public record PayloadEncryptionProperties(String keys, String active) {

  @Override
  public String toString() {
    return "PayloadEncryptionProperties[keys=<redacted>, active=" + active + "]";
  }
}
