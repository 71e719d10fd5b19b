package org.bulkdocs.common.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * 256-bit AES keys from configuration, {@code id:base64,id:base64,...} (e.g.
 * {@code printf 'v1:%s' "$(openssl rand -base64 32)"}), and the ID of the active one: the active key
 * seals, every listed key still opens (rotation). Sealing is AES-256-GCM with a random 96-bit nonce,
 * stored as nonce || ciphertext || tag. Error messages name settings and key IDs, never a key.
 */
public final class AesKeyRing {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String purpose;
  private final Map<String, SecretKeySpec> keys;
  private final String activeId;

  /**
   * @param purpose what the keys protect, for messages ("webhook key-encryption key")
   * @param keysSetting the environment variable holding {@code keys}, for messages
   * @param activeSetting the environment variable holding {@code activeId}, for messages
   */
  public AesKeyRing(String purpose, String keysSetting, String keys, String activeSetting, String activeId) {
    this.purpose = purpose;
    this.keys = parse(purpose, keysSetting, keys);
    if (activeId == null || !this.keys.containsKey(activeId)) {
      throw new IllegalArgumentException(
          "the active " + purpose + " (" + activeSetting + ") must be one of the IDs in " + keysSetting + " "
              + this.keys.keySet());
    }
    this.activeId = activeId;
  }

  private static Map<String, SecretKeySpec> parse(String purpose, String setting, String keys) {
    if (keys == null || keys.isBlank()) {
      throw new IllegalArgumentException(
          "no " + purpose + ": set " + setting + "=id:base64 of 32 random bytes"
              + " (e.g. printf 'v1:%s' \"$(openssl rand -base64 32)\") and name the active one");
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
      if (id.isEmpty() || key.length != 32) {
        throw new IllegalArgumentException(
            setting + ": each entry is id:base64 of exactly 32 bytes" + (id.isEmpty() ? "" : " (entry '" + id + "' is not)"));
      }
      if (parsed.put(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException(setting + ": the ID '" + id + "' appears twice");
      }
    }
    return Map.copyOf(parsed);
  }

  public String activeId() {
    return activeId;
  }

  public boolean knows(String keyId) {
    return keys.containsKey(keyId);
  }

  public Set<String> ids() {
    return keys.keySet();
  }

  /** Seals under {@code keyId}; {@code context} is authenticated, not stored. */
  public byte[] seal(String keyId, byte[] context, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key(keyId), nonce, context, plaintext);
    return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
  }

  /** Opens what {@link #seal} sealed under {@code keyId} with the same context, or throws. */
  public byte[] open(String keyId, byte[] context, byte[] sealed) {
    if (sealed.length <= NONCE_BYTES) {
      throw new IllegalStateException("a value sealed under " + purpose + " '" + keyId + "' is too short");
    }
    byte[] nonce = Arrays.copyOf(sealed, NONCE_BYTES);
    byte[] body = Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
    return gcm(Cipher.DECRYPT_MODE, key(keyId), nonce, context, body);
  }

  /**
   * One cipher per thread: every payload to and from Temporal goes through here, and looking the
   * algorithm up each time (a synchronized provider search) costs more than the AES itself on small
   * payloads. Each use starts with {@code init}, so nothing of one operation reaches the next.
   */
  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM/NoPadding is missing from this JVM", e);
            }
          });

  /** One AES-GCM operation; a wrong key, a tampered value or another context never gives a partial result. */
  public static byte[] gcm(int mode, SecretKeySpec key, byte[] nonce, byte[] context, byte[] input) {
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private SecretKeySpec key(String keyId) {
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new IllegalStateException("a value is encrypted under " + purpose + " '" + keyId + "', which is not configured");
    }
    return key;
  }
}
