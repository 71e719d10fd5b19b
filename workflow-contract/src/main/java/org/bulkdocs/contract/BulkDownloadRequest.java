package org.bulkdocs.contract;

import java.util.Map;

/**
 * Input of {@link BulkDownloadWorkflow#run}. The API fills the first four fields; {@code checkpoint}
 * is only set by the workflow itself when it continues as new, so the requestId and messageId of a
 * run never change.
 */
public record BulkDownloadRequest(
    String cxId,
    String patientId,
    String requestId,
    Map<String, String> metadata,
    RunCheckpoint checkpoint) {

  public BulkDownloadRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public static BulkDownloadRequest start(
      String cxId, String patientId, String requestId, Map<String, String> metadata) {
    return new BulkDownloadRequest(cxId, patientId, requestId, metadata, null);
  }

  public BulkDownloadRequest continueWith(RunCheckpoint next) {
    return new BulkDownloadRequest(cxId, patientId, requestId, metadata, next);
  }
}
