package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Answer to the progress query.
 *
 * @param phase what the run is doing now: listing, signing, delivering, waiting-to-retry, done
 * @param urlsValidUntilMillis when the URLs of the next or last delivery expire (0 before signing)
 * @param pagesDelivered messages of the documents the endpoint took so far
 * @param totalPages messages that deliver the documents (0 before listing, and in runs started before
 *     paging, which send one)
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkDownloadProgress(
    String requestId,
    String status,
    String phase,
    int documentCount,
    int deliveryAttempts,
    String lastError,
    long urlsValidUntilMillis,
    int pagesDelivered,
    int totalPages) {

  /** What a run reports of itself; {@code state} is null before the run has one. */
  public static BulkDownloadProgress of(String requestId, String status, String phase, RunCheckpoint state) {
    return state == null
        ? new BulkDownloadProgress(requestId, status, phase, 0, 0, null, 0, 0, 0)
        : new BulkDownloadProgress(
            requestId,
            status,
            phase,
            state.documentCount(),
            state.deliveryAttempts(),
            state.lastError(),
            state.urlsValidUntilMillis(),
            state.pagesDelivered(),
            state.pageCount());
  }
}
