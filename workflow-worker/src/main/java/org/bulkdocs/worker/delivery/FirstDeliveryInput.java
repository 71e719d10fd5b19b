package org.bulkdocs.worker.delivery;

import java.util.Map;
import org.bulkdocs.contract.bulk.DocumentDates;

/**
 * @param messageId the run's messageId
 * @param scope where the listing is staged when it must be kept for later attempts, and the run's delivery
 * @param dates only documents of these dates are listed; null: all of them
 * @param pageSize documents per message (a redelivery's: the original run's); null: the customer's setting
 */
public record FirstDeliveryInput(
    String cxId,
    String patientId,
    String requestId,
    String messageId,
    Map<String, String> metadata,
    AcceptedMessages.Scope scope,
    DocumentDates dates,
    Integer pageSize) {}
