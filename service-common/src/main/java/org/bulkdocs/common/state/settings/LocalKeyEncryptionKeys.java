package org.bulkdocs.common.state.settings;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-encryption keys from configuration: {@code id:base64,id:base64,...} (256-bit AES keys, e.g.
 * {@code printf 'v1:%s' "$(openssl rand -base64 32)"}) and the ID of the active one. Wrapping is
 * AES-256-GCM with a random 96-bit nonce, stored as nonce || ciphertext.
 */
public final class LocalKeyEncryptionKeys implements KeyEncryptionKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Map<String, SecretKeySpec> keys;
  private final String activeId;

  public LocalKeyEncryptionKeys(String keys, String activeId) {
    this.keys = parse(keys);
    if (activeId == null || !this.keys.containsKey(activeId)) {
      throw new IllegalArgumentException(
          "the active webhook key-encryption key (WEBHOOK_KEY_ENCRYPTION_ACTIVE) must be one of the IDs in"
              + " WEBHOOK_KEY_ENCRYPTION_KEYS " + this.keys.keySet());
    }
    this.activeId = activeId;
  }

  private static Map<String, SecretKeySpec> parse(String keys) {
    if (keys == null || keys.isBlank()) {
      throw new IllegalArgumentException(
          "no webhook key-encryption key: set WEBHOOK_KEY_ENCRYPTION_KEYS=id:base64 of 32 random bytes"
              + " (e.g. printf 'v1:%s' \"$(openssl rand -base64 32)\") and WEBHOOK_KEY_ENCRYPTION_ACTIVE=id");
    }
    Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
    for (String entry : keys.split(",")) {
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon).trim();
      byte[] key;
      try {
        key = colon < 0 ? new byte[0] : Base64.getDecoder().decode(entry.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        key = new byte[0];
      }
      // The message names the ID only: the value is the secret.
      if (id.isEmpty() || key.length != 32) {
        throw new IllegalArgumentException(
            "WEBHOOK_KEY_ENCRYPTION_KEYS: each entry is id:base64 of exactly 32 bytes"
                + (id.isEmpty() ? "" : " (entry '" + id + "' is not)"));
      }
      if (parsed.put(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException("WEBHOOK_KEY_ENCRYPTION_KEYS: the ID '" + id + "' appears twice");
      }
    }
    return Map.copyOf(parsed);
  }

  @Override
  public String activeId() {
    return activeId;
  }

  @Override
  public boolean knows(String keyId) {
    return keys.containsKey(keyId);
  }

  @Override
  public byte[] wrap(String keyId, byte[] dataKey, byte[] context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key(keyId), nonce, context, dataKey);
    return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped, byte[] context) {
    if (wrapped.length <= NONCE_BYTES) {
      throw new IllegalStateException("a wrapped data key is too short");
    }
    byte[] nonce = java.util.Arrays.copyOf(wrapped, NONCE_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(wrapped, NONCE_BYTES, wrapped.length);
    return gcm(Cipher.DECRYPT_MODE, key(keyId), nonce, context, sealed);
  }

  static byte[] gcm(int mode, SecretKeySpec key, byte[] nonce, byte[] context, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // a wrong key, a tampered object or one moved to another customer: never a partial result
      throw new IllegalStateException("webhook key encryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private SecretKeySpec key(String keyId) {
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new IllegalStateException(
          "a webhook key is encrypted under key-encryption key '" + keyId + "', which is not configured");
    }
    return key;
  }
}
