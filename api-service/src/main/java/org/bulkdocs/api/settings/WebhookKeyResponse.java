package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /settings/webhook/key}'s answer: the new key, and until when the previous one still signs. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WebhookKeyRotation", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record WebhookKeyResponse(
    @Schema(description = "The new webhook key", requiredMode = Schema.RequiredMode.REQUIRED) String webhookKey,
    @Schema(
            types = {"string", "null"},
            description =
                "Until when the previous key also signs (ISO-8601 UTC): webhook-signature carries a signature with"
                    + " each key, and x-metriport-signature stays under the previous key until then; null when the"
                    + " overlap was 0",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String previousKeyValidUntil) {

  /** The key stays out of logs. */
  @Override
  public String toString() {
    return "WebhookKeyResponse[webhookKey=<redacted>, previousKeyValidUntil=" + previousKeyValidUntil + "]";
  }
}
