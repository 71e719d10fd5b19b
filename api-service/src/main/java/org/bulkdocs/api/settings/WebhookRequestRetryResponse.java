package org.bulkdocs.api.settings;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /settings/webhook/request/{id}/retry}'s answer. */
@Schema(name = "WebhookRequestRetry", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record WebhookRequestRetryResponse(
    @Schema(description = "The message delivered again", requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(description = "Its run's requestId", requiredMode = Schema.RequiredMode.REQUIRED) String requestId,
    @Schema(
            description = "processing: the redelivery was started, or one of it was already under way",
            allowableValues = {"processing"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String status) {}
