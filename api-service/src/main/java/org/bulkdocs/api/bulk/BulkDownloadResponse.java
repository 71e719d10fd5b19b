package org.bulkdocs.api.bulk;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.bulkdocs.contract.RunStatus;

/** Metriport's answer to a bulk request: {@code {"status":"processing","requestId":"..."}}. */
@JsonPropertyOrder({"status", "requestId"})
public record BulkDownloadResponse(String status, String requestId) {

  public static BulkDownloadResponse processing(String requestId) {
    return new BulkDownloadResponse(RunStatus.PROCESSING.wireName(), requestId);
  }
}
