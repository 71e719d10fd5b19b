package org.bulkdocs.common.state.settings;

import org.bulkdocs.common.crypto.AesKeyRing;

/**
 * Key-encryption keys from configuration ({@code WEBHOOK_KEY_ENCRYPTION_KEYS} and
 * {@code WEBHOOK_KEY_ENCRYPTION_ACTIVE}, see {@link AesKeyRing}); a wrapped data key is sealed with the
 * customer's context as associated data.
 */
public final class LocalKeyEncryptionKeys implements KeyEncryptionKeys {

  private final AesKeyRing ring;

  public LocalKeyEncryptionKeys(String keys, String activeId) {
    this.ring =
        new AesKeyRing(
            "webhook key-encryption key", "WEBHOOK_KEY_ENCRYPTION_KEYS", keys, "WEBHOOK_KEY_ENCRYPTION_ACTIVE", activeId);
  }

  @Override
  public String activeId() {
    return ring.activeId();
  }

  @Override
  public boolean knows(String keyId) {
    return ring.knows(keyId);
  }

  @Override
  public byte[] wrap(String keyId, byte[] dataKey, byte[] context) {
    return ring.seal(keyId, context, dataKey);
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, byte[] context) {
    return ring.open(keyId, context, wrapped);
  }
}
