package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.bulkdocs.common.state.settings.CustomerSettings;

/** Metriport's settings answer: {@code {"id": cxId, "webhookUrl": ..., "webhookKey": ...}}, nulls included. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "webhookUrl", "webhookKey", "webhookPageSize"})
@Schema(name = "Settings", description = "The customer's webhook settings")
public record SettingsResponse(
    @Schema(description = "The customer's ID (cxId)", requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(
            types = {"string", "null"},
            description = "Where webhooks are sent; null when none is set",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String webhookUrl,
    @Schema(
            types = {"string", "null"},
            description = "Key of the x-metriport-signature HMAC-SHA256; null when no URL is set",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String webhookKey,
    @Schema(
            types = {"integer", "null"},
            description =
                "Extension: documents per bulk-download message (0: one message); null: the service's default."
                    + " Paged messages are medical.document-bulk-download-paged; no message exceeds the"
                    + " service's size cap, whatever this says",
            requiredMode = Schema.RequiredMode.REQUIRED)
        Integer webhookPageSize) {

  static SettingsResponse of(String cxId, CustomerSettings settings) {
    return settings == null
        ? new SettingsResponse(cxId, null, null, null)
        : new SettingsResponse(cxId, settings.webhookUrl(), settings.webhookKey(), settings.webhookPageSize());
  }

  /** The key stays out of logs. */
  @Override
  public String toString() {
    return "SettingsResponse[id=" + id + ", webhookUrl=" + (webhookUrl == null ? "none" : "<set>") + ", webhookKey=<redacted>]";
  }
}
