package org.bulkdocs.worker.signing;

/**
 * Where the documents with fresh URLs were staged.
 *
 * @param validForSeconds how long the URLs stay valid from the moment they were signed
 */
public record SignedDocuments(String signedDocumentsKey, int documentCount, long validForSeconds) {}
