package org.bulkdocs.api.bulk;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.bulkdocs.contract.bulk.RunStatus;

/** Metriport's answer to a bulk request: {@code {"status":"processing","requestId":"..."}}. */
@JsonPropertyOrder({"status", "requestId"})
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record BulkDownloadResponse(
    @Schema(allowableValues = "processing", requiredMode = Schema.RequiredMode.REQUIRED) String status,
    @Schema(
            description = "Identifies the run; the same while the run is in progress, new for every new run",
            format = "uuid",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String requestId) {

  public static BulkDownloadResponse processing(String requestId) {
    return new BulkDownloadResponse(RunStatus.PROCESSING.wireName(), requestId);
  }
}
