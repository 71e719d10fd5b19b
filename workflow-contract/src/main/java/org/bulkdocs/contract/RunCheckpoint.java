package org.bulkdocs.contract;

/**
 * What a run carries over when it continues as new: references to staged data in S3 and counters,
 * never the documents or URLs themselves.
 *
 * @param failureReason set once the run has failed and is only trying to tell the customer so
 */
public record RunCheckpoint(
    String messageId,
    long deliveryDeadlineMillis,
    DeliveryPolicy policy,
    String listingKey,
    int documentCount,
    long totalBytes,
    String signedDocumentsKey,
    long urlsValidUntilMillis,
    int deliveryAttempts,
    int rejections,
    String lastError,
    String failureReason) {}
