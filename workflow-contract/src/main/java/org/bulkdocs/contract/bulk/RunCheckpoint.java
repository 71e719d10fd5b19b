package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a run carries over when it continues as new: references to staged data in S3 and counters,
 * never the documents or URLs themselves.
 *
 * @param failureReason set once the run has failed and is only trying to tell the customer so
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
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
