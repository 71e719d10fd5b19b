package org.bulkdocs.worker.listing;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * @param stagingId the run's staging folder: its requestId, or for a redelivery a folder of its own. On
 *     the wire it keeps its first name, {@code requestId}, so that workers of either version read the
 *     payloads of runs in flight
 */
public record ListDocumentsInput(String cxId, String patientId, @JsonProperty("requestId") String stagingId) {}
