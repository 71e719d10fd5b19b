package org.bulkdocs.worker.delivery;

import java.util.Map;

/** @param scope where the listing is staged when it must be kept for later attempts, and the run's delivery */
public record FirstDeliveryInput(
    String cxId, String patientId, String requestId, String messageId, Map<String, String> metadata, AcceptedMessages.Scope scope) {}
