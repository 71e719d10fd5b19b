package org.bulkdocs.api.settings;

import io.swagger.v3.oas.annotations.media.Schema;
import org.bulkdocs.common.state.settings.CustomerSettings;

/**
 * The documented shape of {@code POST /settings}'s body. The body itself is read by
 * {@link SettingsRequestParser}, whose rules this mirrors for the OpenAPI document.
 */
@Schema(
    name = "SettingsUpdate",
    description =
        "The webhook URL to set; \"\" or null clears the URL and its key. An empty object clears it too;"
            + " a body with only webhookPageSize and/or webhookUrlValidityMinutes leaves the URL as it is",
    additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
record SettingsUpdateRequest(
    @Schema(
            types = {"string", "null"},
            maxLength = WebhookUrlValidator.MAX_LENGTH,
            description =
                "An https URL whose host resolves to a public address (no loopback, private, link-local,"
                    + " multicast or cloud metadata address); \"\" or null clears the webhook",
            example = "https://hooks.example.com/metriport")
        String webhookUrl,
    @Schema(
            types = {"integer", "null"},
            minimum = "0",
            maximum = "" + CustomerSettings.MAX_WEBHOOK_PAGE_SIZE,
            description =
                "Extension: documents per bulk-download message; 0 sends one message (still paged past the"
                    + " service's size cap), null returns to the service's default",
            example = "1000")
        Integer webhookPageSize,
    @Schema(
            types = {"integer", "null"},
            minimum = "" + CustomerSettings.MIN_URL_VALIDITY_MINUTES,
            maximum = "" + CustomerSettings.MAX_URL_VALIDITY_MINUTES,
            description =
                "Extension: how long download URLs stay valid, in minutes, from 5 to 10080 (7 days, the most a"
                    + " presigned URL allows); null returns to the service's default",
            example = "1440")
        Integer webhookUrlValidityMinutes) {}
