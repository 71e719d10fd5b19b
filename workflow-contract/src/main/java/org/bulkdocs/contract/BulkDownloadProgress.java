package org.bulkdocs.contract;

/**
 * Answer to the progress query.
 *
 * @param phase what the run is doing now: listing, signing, delivering, waiting-to-retry, done
 * @param urlsValidUntilMillis when the URLs of the next or last delivery expire (0 before signing)
 */
public record BulkDownloadProgress(
    String requestId,
    String status,
    String phase,
    int documentCount,
    int deliveryAttempts,
    String lastError,
    long urlsValidUntilMillis) {}
