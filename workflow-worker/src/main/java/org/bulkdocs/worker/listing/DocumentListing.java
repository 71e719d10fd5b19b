package org.bulkdocs.worker.listing;

/** Where the listing was staged and how big it is; the documents themselves stay in S3. */
public record DocumentListing(String listingKey, int documentCount, long totalBytes) {}
