package org.bulkdocs.worker.listing;

/**
 * Where the listing was staged and how big it is; the documents themselves stay in S3.
 *
 * @param pagePlanKey how the listing is cut into messages ({@link org.bulkdocs.worker.paging.PagePlan});
 *     null when one message delivers it all, and in runs listed before paging
 * @param pageCount how many messages deliver it; 0 in runs listed before paging
 */
public record DocumentListing(String listingKey, int documentCount, long totalBytes, String pagePlanKey, int pageCount) {}
