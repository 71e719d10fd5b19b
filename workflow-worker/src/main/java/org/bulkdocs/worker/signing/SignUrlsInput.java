package org.bulkdocs.worker.signing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** @param stagingId the run's staging folder, as in {@code ListDocumentsInput} (wire name kept the same way) */
public record SignUrlsInput(@JsonProperty("requestId") String stagingId, String listingKey) {}
