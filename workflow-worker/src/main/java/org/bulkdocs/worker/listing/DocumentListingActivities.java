package org.bulkdocs.worker.listing;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface DocumentListingActivities {

  /**
   * Lists every object under {@code {cxId}/{patientId}/} and stages the list as JSON lines. Safe to
   * retry: the staged object is simply written again.
   */
  DocumentListing listDocuments(ListDocumentsInput input);
}
