package org.bulkdocs.contract;

/** What a successful run returns; a failed run ends with a workflow failure instead. */
public record BulkDownloadResult(
    String requestId, String status, int documentCount, int deliveryAttempts) {}
