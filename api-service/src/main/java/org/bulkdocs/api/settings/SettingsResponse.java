package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.bulkdocs.common.state.settings.CustomerSettings;

/** Metriport's settings answer: {@code {"id": cxId, "webhookUrl": ..., "webhookKey": ...}}, nulls included. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "webhookUrl", "webhookKey", "webhookPageSize", "webhookUrlValidityMinutes"})
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
        Integer webhookPageSize,
    @Schema(
            types = {"integer", "null"},
            description =
                "Extension: how long the download URLs of this customer's messages stay valid, in minutes (5 to"
                    + " 10080, 7 days); null: the service's default. Each message says until when in"
                    + " patients[].urlsValidUntil",
            requiredMode = Schema.RequiredMode.REQUIRED)
        Integer webhookUrlValidityMinutes) {

  static SettingsResponse of(String cxId, CustomerSettings settings) {
    return settings == null
        ? new SettingsResponse(cxId, null, null, null, null)
        : new SettingsResponse(
            cxId, settings.webhookUrl(), settings.webhookKey(), settings.webhookPageSize(), settings.webhookUrlValidityMinutes());
  }

  /** The key stays out of logs. */
  @Override
  public String toString() {
    return "SettingsResponse[id=" + id + ", webhookUrl=" + (webhookUrl == null ? "none" : "<set>") + ", webhookKey=<redacted>]";
  }
}
