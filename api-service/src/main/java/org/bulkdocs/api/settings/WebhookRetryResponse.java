package org.bulkdocs.api.settings;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /settings/webhook/retry}'s answer (Metriport's SDK ignores the body). */
@Schema(name = "WebhookRetry", description = "How many failed messages are being delivered again")
public record WebhookRetryResponse(
    @Schema(
            description = "Failed messages whose redelivery was started (or was already under way)",
            minimum = "0",
            requiredMode = Schema.RequiredMode.REQUIRED)
        int retried) {}
