package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A run's state: what the workflow knows and decides by, and, as it is, what it carries over when it
 * continues as new. References to staged data in S3 and counters, never the documents or URLs. Each
 * step of the run returns a new state ({@code listed}, {@code signed}, ...), so nothing is copied by
 * hand between the workflow's fields and the checkpoint.
 *
 * @param failureReason set once the run has failed and is only trying to tell the customer so
 * @param pagePlanKey how the listing is cut into messages; null when one message delivers it all
 * @param pageCount messages that deliver the documents, each signed when it is sent; 0 before listing,
 *     and in runs listed before paging, which deliver a staged signed copy ({@code signedDocumentsKey})
 * @param pagesDelivered of those, how many the endpoint took, in order
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunCheckpoint(
    String messageId,
    long deliveryDeadlineMillis,
    DeliveryPolicy policy,
    String listingKey,
    int documentCount,
    long totalBytes,
    String signedDocumentsKey,
    long urlsValidUntilMillis,
    int deliveryAttempts,
    int rejections,
    String lastError,
    String failureReason,
    String pagePlanKey,
    int pageCount,
    int pagesDelivered) {

  /** A run that has decided its message identity, deadline and policy, and done nothing yet. */
  public static RunCheckpoint start(String messageId, long deliveryDeadlineMillis, DeliveryPolicy policy) {
    return new RunCheckpoint(messageId, deliveryDeadlineMillis, policy, null, 0, 0, null, 0, 0, 0, null, null, null, 0, 0);
  }

  /** Listed before paging: delivered from a signed copy, as one message. */
  public RunCheckpoint listed(String listingKey, int documentCount, long totalBytes) {
    return listed(listingKey, documentCount, totalBytes, null, 0);
  }

  public RunCheckpoint listed(String listingKey, int documentCount, long totalBytes, String pagePlanKey, int pageCount) {
    return new RunCheckpoint(
        messageId, deliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts, rejections, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered);
  }

  public RunCheckpoint signed(String signedDocumentsKey, long urlsValidUntilMillis) {
    return new RunCheckpoint(
        messageId, deliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts, rejections, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered);
  }

  /** One more delivery attempt is being made. */
  public RunCheckpoint attempting() {
    return new RunCheckpoint(
        messageId, deliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts + 1, rejections, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered);
  }

  /** How the last attempt ended: null when it was delivered. */
  public RunCheckpoint answered(String lastError) {
    return new RunCheckpoint(
        messageId, deliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts, rejections, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered);
  }

  /** The endpoint refused the message (a 4xx that retrying will not change). */
  public RunCheckpoint rejected() {
    return new RunCheckpoint(
        messageId, deliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts, rejections + 1, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered);
  }

  public RunCheckpoint failed(String failureReason) {
    return new RunCheckpoint(
        messageId, deliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts, rejections, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered);
  }

  /**
   * The endpoint took the next page, whose URLs last until {@code urlsValidUntilMillis}. The following
   * page gets a delivery window and refusal count of its own: the endpoint has just shown it works.
   */
  public RunCheckpoint pageDelivered(long nextDeliveryDeadlineMillis, long urlsValidUntilMillis) {
    return new RunCheckpoint(
        messageId, nextDeliveryDeadlineMillis, policy, listingKey, documentCount, totalBytes,
        signedDocumentsKey, urlsValidUntilMillis, deliveryAttempts, 0, lastError, failureReason,
        pagePlanKey, pageCount, pagesDelivered + 1);
  }

  public boolean hasFailed() {
    return failureReason != null;
  }

  /** Listed by a release that pages: its pages are signed and sent one by one. */
  public boolean deliversPages() {
    return pageCount > 0;
  }

  public boolean allPagesDelivered() {
    return pagesDelivered >= pageCount;
  }
}
