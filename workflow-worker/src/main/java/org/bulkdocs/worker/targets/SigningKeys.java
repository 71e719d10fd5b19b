package org.bulkdocs.worker.targets;

import org.jspecify.annotations.Nullable;

/**
 * The keys a message is signed with: the customer's key, and during a rotation's overlap the previous
 * one too.
 *
 * <p>{@code webhook-signature} carries one {@code v1,} signature per key (Standard Webhooks), so a
 * receiver holding either key verifies. {@code x-metriport-signature} holds a single HMAC, the one the
 * official SDK's {@code verifyWebhookSignature(key, …)} checks with one key: it stays under the previous
 * key until the overlap ends, so nothing changes for a receiver at the moment of the rotation, and it
 * moves to the new key at the overlap's end, which the rotation's answer states.
 *
 * @param previous the key before the rotation while its overlap lasts, else null
 */
public record SigningKeys(String current, @Nullable String previous) {

  public SigningKeys {
    if (current == null || current.isEmpty()) {
      throw new IllegalArgumentException("a message needs a signing key");
    }
  }

  public static SigningKeys of(String key) {
    return new SigningKeys(key, null);
  }

  /** The key of {@code x-metriport-signature}. */
  public String metriportKey() {
    return previous != null ? previous : current;
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    return "SigningKeys[current=<redacted>, previous=" + (previous == null ? "none" : "<redacted>") + "]";
  }
}
