package org.bulkdocs.worker.signing;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface UrlSigningActivities {

  /**
   * Presigns a GET URL for every listed document and stages the documents, URLs included, in the
   * webhook's shape. Called again whenever earlier URLs are close to expiry.
   */
  SignedDocuments signUrls(SignUrlsInput input);
}
