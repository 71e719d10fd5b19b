package org.bulkdocs.common.state.settings;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bulkdocs.common.crypto.AesKeyRing;

/** Envelope encryption of webhook keys at rest: a fresh data key per write, wrapped by the active KEK. */
public final class WebhookKeyCipher {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyEncryptionKeys keys;

  public WebhookKeyCipher(KeyEncryptionKeys keys) {
    this.keys = keys;
  }

  public EncryptedWebhookKey encrypt(String cxId, String webhookKey) {
    byte[] context = context(cxId);
    byte[] dataKey = random(32);
    byte[] nonce = random(12);
    byte[] ciphertext =
        AesKeyRing.gcm(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(dataKey, "AES"),
            nonce,
            context,
            webhookKey.getBytes(StandardCharsets.UTF_8));
    String kek = keys.activeId();
    return new EncryptedWebhookKey(kek, b64(keys.wrap(kek, dataKey, context)), b64(nonce), b64(ciphertext));
  }

  /** @throws UndecryptableSettingsException no configured KEK opens it */
  public String decrypt(String cxId, EncryptedWebhookKey encrypted) {
    byte[] context = context(cxId);
    try {
      byte[] dataKey = keys.unwrap(encrypted.kek(), unb64(encrypted.dataKey()), context);
      byte[] plain =
          AesKeyRing.gcm(
              Cipher.DECRYPT_MODE,
              new SecretKeySpec(dataKey, "AES"),
              unb64(encrypted.nonce()),
              context,
              unb64(encrypted.ciphertext()));
      return new String(plain, StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      throw new UndecryptableSettingsException(cxId, encrypted.kek(), e);
    }
  }

  /** Whether a stored key should be encrypted again: under another KEK than the active one. */
  public boolean isCurrent(EncryptedWebhookKey encrypted) {
    return keys.activeId().equals(encrypted.kek());
  }

  private static byte[] context(String cxId) {
    return ("bulkdocs/webhook-key/v1/" + cxId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] unb64(String text) {
    return Base64.getDecoder().decode(text);
  }
}
