package org.bulkdocs.worker.delivery;

import java.util.Map;
import org.bulkdocs.contract.bulk.DocumentDates;

/**
 * The message that tells the customer a run failed: no documents.
 *
 * @param messageId the notice's own messageId, derived from the run's
 * @param metadata echoed as {@code meta.data}, as on every message of the run
 * @param retry an attempt of the notice went out before: the endpoint may already have it
 * @param runMessageId the run's messageId, which a redelivery keeps
 * @param dates the run's date filter, echoed in {@code patients[].filters}; null when none
 */
public record FailedNotice(
    String cxId,
    String patientId,
    String requestId,
    String messageId,
    Map<String, String> metadata,
    AcceptedMessages.Scope scope,
    boolean retry,
    String runMessageId,
    DocumentDates dates) {}
