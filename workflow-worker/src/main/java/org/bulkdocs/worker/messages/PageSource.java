package org.bulkdocs.worker.messages;

import java.util.Map;
import org.bulkdocs.contract.bulk.DocumentDates;

/**
 * What a message of a run is built from: whose, which page of which staged listing, and the metadata
 * echoed as {@code meta.data}.
 *
 * @param page 1-based page of the plan the message is built with (ignored without one)
 * @param dates the run's date filter, shown in {@code patients[].filters}; null when none
 */
public record PageSource(
    String patientId,
    String requestId,
    String messageId,
    String listingKey,
    int page,
    Map<String, String> metadata,
    DocumentDates dates) {}
