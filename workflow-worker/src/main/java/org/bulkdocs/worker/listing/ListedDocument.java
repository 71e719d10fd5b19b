package org.bulkdocs.worker.listing;

/**
 * One document as found in the listing, already in the webhook's vocabulary.
 *
 * @param fileName the S3 object key
 * @param indexed the object's last-modified time, ISO-8601 UTC
 */
public record ListedDocument(String id, String fileName, String mimeType, long size, String indexed) {}
