package org.bulkdocs.worker.webhook;

import java.util.Map;

/** @param stagingId where the listing is staged when it must be kept for later attempts */
public record FirstDeliveryInput(
    String cxId, String patientId, String requestId, String messageId, String stagingId, Map<String, String> metadata) {}
