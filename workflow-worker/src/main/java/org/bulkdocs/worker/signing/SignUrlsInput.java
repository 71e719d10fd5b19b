package org.bulkdocs.worker.signing;

/** @param requestId names the run's staging folder, as in {@code ListDocumentsInput} */
public record SignUrlsInput(String requestId, String listingKey) {}
