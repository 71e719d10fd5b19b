package org.bulkdocs.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Maps a presented API key to its customer. Only hashes are held; the presented key is hashed and
 * compared against every configured hash in constant time, without stopping at a match, so neither
 * the comparison nor the position of the customer in the list shows in the response time.
 */
@Component
public class ApiKeyAuthenticator {

  private record KnownKey(Customer customer, byte[] sha256) {}

  private final List<KnownKey> keys;

  public ApiKeyAuthenticator(CustomerProperties properties) {
    HexFormat hex = HexFormat.of();
    this.keys =
        properties.customers().stream()
            .flatMap(c -> c.apiKeySha256s().stream().map(hash -> new KnownKey(new Customer(c.id()), hex.parseHex(hash))))
            .toList();
  }

  public Optional<Customer> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = sha256(presentedKey);
    Customer match = null;
    for (KnownKey key : keys) {
      if (MessageDigest.isEqual(key.sha256(), presented)) {
        match = key.customer();
      }
    }
    return Optional.ofNullable(match);
  }

  static byte[] sha256(String value) {
    try {
      // MessageDigest instances are not thread-safe; a new one per call is cheap.
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
