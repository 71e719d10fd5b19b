package org.bulkdocs.worker.listing;

/**
 * @param requestId names the run's staging folder: the run's requestId, or for a redelivery a folder of
 *     its own (the field keeps its name so that payloads of runs in flight still deserialize)
 */
public record ListDocumentsInput(String cxId, String patientId, String requestId) {}
