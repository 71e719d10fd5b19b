package org.bulkdocs.api.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code GET /medical/v1/document/download-url/bulk?patientId=}: the latest run of the
 * patient. Fields that are not known are left out rather than sent as null, like the webhook.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "requestId", "status", "filters", "documentCount", "deliveryAttempts", "pagesDelivered", "totalPages", "lastError",
  "startedAt", "closedAt"
})
@Schema(
    name = "BulkDownloadStatus",
    description = "The latest bulk download run of a patient",
    additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record BulkDownloadStatusResponse(
    @Schema(
            description = "The run's requestId, as returned by the POST and sent in the webhook's meta.requestId",
            format = "uuid",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String requestId,
    @Schema(
            description =
                "completed once the run has ended (a new POST then starts a new run); failed as soon as that is"
                    + " decided; processing otherwise",
            allowableValues = {"processing", "completed", "failed"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
    @Schema(
            description =
                "The date filter the run was started with (dateFrom, dateTo: YYYY-MM-DD, inclusive); absent when"
                    + " it delivers every document",
            implementation = DateFilter.class)
        @Nullable DocumentDates filters,
    @Schema(description = "Documents found for the patient; absent until they have been listed", minimum = "0")
        @Nullable Integer documentCount,
    @Schema(description = "Webhook delivery attempts so far; only present when a worker answered", minimum = "0")
        @Nullable Integer deliveryAttempts,
    @Schema(
            description =
                "Messages of the documents the webhook took so far, in order; only present when a worker answered"
                    + " and the documents were listed",
            minimum = "0")
        @Nullable Integer pagesDelivered,
    @Schema(
            description =
                "Messages that deliver the documents: 1, or the pages of medical.document-bulk-download-paged;"
                    + " only present when a worker answered and the documents were listed",
            minimum = "1")
        @Nullable Integer totalPages,
    @Schema(description = "Why the last delivery attempt failed; absent after a success or before any attempt")
        @Nullable String lastError,
    @Schema(description = "When the run started (ISO-8601 UTC)", requiredMode = Schema.RequiredMode.REQUIRED)
        Instant startedAt,
    @Schema(description = "When the run ended (ISO-8601 UTC); absent while it is processing") @Nullable
        Instant closedAt) {

  /** The documented shape of {@code filters}. */
  @Schema(name = "DateFilter", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record DateFilter(
      @Schema(description = "YYYY-MM-DD, inclusive", format = "date") String dateFrom,
      @Schema(description = "YYYY-MM-DD, inclusive", format = "date") String dateTo) {}
}
