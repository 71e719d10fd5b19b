package org.bulkdocs.worker.webhook;

import java.util.Map;

/**
 * One delivery attempt's instructions.
 *
 * @param status {@code completed} or {@code failed}
 * @param signedDocumentsKey staged documents with URLs; null for a {@code failed} message
 * @param metadata echoed as {@code meta.data} on every attempt
 */
public record WebhookDelivery(
    String cxId,
    String patientId,
    String requestId,
    String messageId,
    String status,
    String signedDocumentsKey,
    Map<String, String> metadata) {}
