package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** {@code POST /settings/webhook/recover}'s answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "WebhookRecover", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record WebhookRecoverResponse(
    @Schema(
            description =
                "started: the redeliveries are being started in the background; in-progress: a recovery started"
                    + " earlier is still running, and this call started nothing",
            allowableValues = {"started", "in-progress"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
    @Schema(description = "The range's start (ISO-8601 UTC)", requiredMode = Schema.RequiredMode.REQUIRED) String since,
    @Schema(description = "The range's end (ISO-8601 UTC); absent: up to the recovery's start") @Nullable String until) {}
