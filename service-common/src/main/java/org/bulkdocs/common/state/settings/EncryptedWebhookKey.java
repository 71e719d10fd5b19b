package org.bulkdocs.common.state.settings;

/**
 * A webhook key as stored: encrypted with its own random data key (AES-256-GCM), which is wrapped by a
 * key-encryption key. Both are bound to the customer ID: an object copied under another customer's
 * name is refused by the store (it names its own customer), and one edited to name the other customer
 * does not decrypt.
 *
 * @param kek the ID of the key-encryption key that wrapped {@code dataKey}
 * @param dataKey the wrapped data key, base64
 * @param nonce of the key's encryption, base64
 * @param ciphertext the webhook key, encrypted, base64
 */
public record EncryptedWebhookKey(String kek, String dataKey, String nonce, String ciphertext) {}
