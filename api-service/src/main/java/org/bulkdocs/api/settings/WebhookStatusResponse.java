package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/** Metriport's {@code GET /settings/webhook} answer. */
@JsonPropertyOrder({"webhookEnabled", "webhookStatusDetail", "webhookRequestsProcessing", "webhookRequestsFailed"})
@Schema(name = "WebhookStatus", description = "How communication with the customer's webhook is going")
public record WebhookStatusResponse(
    @Schema(description = "Whether the last ping or delivery reached the endpoint", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean webhookEnabled,
    @Schema(description = "What happened last, in words", requiredMode = Schema.RequiredMode.REQUIRED)
        String webhookStatusDetail,
    @Schema(description = "Messages being delivered (with retries) right now", minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED)
        int webhookRequestsProcessing,
    @Schema(
            description = "Messages given up; POST /settings/webhook/retry sends them again",
            minimum = "0",
            requiredMode = Schema.RequiredMode.REQUIRED)
        int webhookRequestsFailed) {}
