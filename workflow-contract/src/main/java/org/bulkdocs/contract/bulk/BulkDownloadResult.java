package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a run ended: what a completed run returns, and the details of the workflow failure a failed run
 * ends with ({@link #RUN_FAILED}). What {@code GET …/bulk} reports of a closed run, without asking a
 * worker.
 *
 * @param pagesDelivered messages of the documents the endpoint took
 * @param totalPages messages that deliver the documents (0 when the run failed before listing)
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkDownloadResult(
    String requestId, String status, int documentCount, int deliveryAttempts, int pagesDelivered, int totalPages) {

  /** Failure type of a run that ended {@code failed}; its details hold the run's result. */
  public static final String RUN_FAILED = "BulkDownloadFailed";

  /**
   * Why a cancelled run ended ({@code DELETE …/bulk}). Temporal keeps no message for a cancelled
   * workflow, so the reader of its status says it from this.
   */
  public static final String CANCELLED = "cancelled by the customer";

  public static BulkDownloadResult of(String requestId, RunStatus status, RunCheckpoint state) {
    return new BulkDownloadResult(
        requestId, status.wireName(), state.documentCount(), state.deliveryAttempts(), state.pagesDelivered(), state.pageCount());
  }
}
