package org.bulkdocs.worker.signing;

public record SignUrlsInput(String requestId, String listingKey) {}
