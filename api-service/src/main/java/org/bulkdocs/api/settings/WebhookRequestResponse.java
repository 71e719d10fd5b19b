package org.bulkdocs.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One message of the delivery log: what it was and how its delivery went; never a URL or a body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "id", "type", "status", "createdAt", "requestId", "patientId", "page", "totalPages", "attempts", "lastHttpStatus",
  "lastError"
})
@Schema(name = "WebhookRequest", description = "A webhook message sent to the customer", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record WebhookRequestResponse(
    @Schema(description = "The message's id: meta.messageId and webhook-id", requiredMode = Schema.RequiredMode.REQUIRED)
        String id,
    @Schema(
            description = "The message's type (meta.type)",
            allowableValues = {"medical.document-bulk-download-urls", "medical.document-bulk-download-paged", "ping"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String type,
    @Schema(
            description =
                "processing while it is being delivered (with retries); success once the endpoint answered 2xx;"
                    + " failure once delivery was given up or its run was cancelled (lastError says which)",
            allowableValues = {"processing", "success", "failure"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
    @Schema(description = "When the first attempt was answered (ISO-8601 UTC)", requiredMode = Schema.RequiredMode.REQUIRED)
        String createdAt,
    @Schema(description = "The run's requestId; absent for a ping") @Nullable String requestId,
    @Schema(description = "The run's patient; absent for a ping") @Nullable String patientId,
    @Schema(description = "Page of a medical.document-bulk-download-paged message", minimum = "1") @Nullable Integer page,
    @Schema(description = "Pages of the run's paged delivery", minimum = "1") @Nullable Integer totalPages,
    @Schema(description = "Delivery attempts so far", minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED)
        int attempts,
    @Schema(description = "The endpoint's last HTTP status; absent when it did not answer") @Nullable Integer lastHttpStatus,
    @Schema(description = "Why the last attempt did not get through, or why delivery stopped") @Nullable String lastError) {}
