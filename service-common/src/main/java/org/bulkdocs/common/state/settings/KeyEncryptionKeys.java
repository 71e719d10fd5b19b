package org.bulkdocs.common.state.settings;

/**
 * Wraps and unwraps the per-object data keys that encrypt webhook keys at rest (envelope encryption).
 * {@link LocalKeyEncryptionKeys} holds the keys in configuration; a KMS implementation (AWS KMS
 * {@code Encrypt}/{@code Decrypt} with the encryption context as AAD) drops in behind this interface.
 */
public interface KeyEncryptionKeys {

  /** The key new data keys are wrapped with. */
  String activeId();

  /** Whether {@code keyId} can still unwrap (rotation keeps retired keys for reading). */
  boolean knows(String keyId);

  byte[] wrap(String keyId, byte[] dataKey, byte[] context);

  byte[] unwrap(String keyId, byte[] wrapped, byte[] context);
}
