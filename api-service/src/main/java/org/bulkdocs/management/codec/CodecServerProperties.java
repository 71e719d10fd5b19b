package org.bulkdocs.management.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The codec server operators' tools decode payloads through, on the management port only.
 *
 * @param token the credential: a bearer token, or the path segment after {@code /codec/} in the endpoint
 *     given to the Temporal UI (which cannot send a header of its own); empty turns the codec server off
 *     (env {@code CODEC_SERVER_TOKEN}, at least 32 characters)
 * @param corsOrigins the Temporal UI origins whose pages may call it (env {@code CODEC_SERVER_CORS_ORIGINS})
 */
@ConfigurationProperties("bulkdocs.codec-server")
public record CodecServerProperties(@Nullable String token, List<String> corsOrigins) {

  static final int MIN_TOKEN_LENGTH = 32;

  public CodecServerProperties {
    corsOrigins = corsOrigins == null ? List.of() : corsOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList();
    if (enabled(token) && token.trim().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "CODEC_SERVER_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 32)");
    }
  }

  public boolean enabled() {
    return enabled(token);
  }

  private static boolean enabled(@Nullable String token) {
    return token != null && !token.isBlank();
  }

  @Override
  public String toString() {
    return "CodecServerProperties[token=" + (enabled() ? "<redacted>" : "") + ", corsOrigins=" + corsOrigins + "]";
  }
}
