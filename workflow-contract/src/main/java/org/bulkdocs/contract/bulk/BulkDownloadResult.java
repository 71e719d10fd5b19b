package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What a successful run returns; a failed run ends with a workflow failure instead. */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkDownloadResult(
    String requestId, String status, int documentCount, int deliveryAttempts) {}
