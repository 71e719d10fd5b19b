package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.function.Consumer;

/**
 * A run's state: what the workflow knows and decides by, and, as it is, what it carries over when it
 * continues as new. References to staged data in S3 and counters, never the documents or URLs. Each
 * step of the run returns a new state ({@code listed}, {@code attempting}, ...) through one copy
 * ({@link #with}), so a new field is written in three places at most: here, {@link Change}, and the
 * step that sets it.
 *
 * @param listingKey the staged listing; null before listing, and when nothing had to be staged (a
 *     patient one message took at once)
 * @param pagePlanKey how the listing is cut into messages; null when one message delivers it all
 * @param pageCount messages that deliver the documents, each signed when it is sent; 0 before listing
 * @param pagesDelivered of those, how many the endpoint took, in order
 * @param lastError why the last attempt (of listing or delivery) did not get through; null once one did
 * @param failureReason set once the run has failed and is only trying to tell the customer so
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunCheckpoint(
    String messageId,
    long deliveryDeadlineMillis,
    DeliveryPolicy policy,
    boolean listed,
    String listingKey,
    int documentCount,
    long totalBytes,
    String pagePlanKey,
    int pageCount,
    int pagesDelivered,
    long urlsValidUntilMillis,
    int deliveryAttempts,
    int rejections,
    int outageRetries,
    String lastError,
    String failureReason) {

  /** A run that has decided its message identity, deadline and policy, and done nothing yet. */
  public static RunCheckpoint start(String messageId, long deliveryDeadlineMillis, DeliveryPolicy policy) {
    return new Change(messageId, deliveryDeadlineMillis, policy).build();
  }

  public RunCheckpoint listed(String listingKey, int documentCount, long totalBytes, String pagePlanKey, int pageCount) {
    return with(c -> {
      c.listed = true;
      c.listingKey = listingKey;
      c.documentCount = documentCount;
      c.totalBytes = totalBytes;
      c.pagePlanKey = pagePlanKey;
      c.pageCount = pageCount;
      c.outageRetries = 0;
    });
  }

  /** One more delivery attempt is being made. */
  public RunCheckpoint attempting() {
    return with(c -> c.deliveryAttempts++);
  }

  /** How the last attempt ended: null when it got through. */
  public RunCheckpoint answered(String lastError) {
    return with(c -> c.lastError = lastError);
  }

  /** The endpoint refused the message (a 4xx that retrying will not change). */
  public RunCheckpoint rejected() {
    return with(c -> c.rejections++);
  }

  /** A dependency (S3, say) was down: one more wait, {@code why} says for what. */
  public RunCheckpoint waitingForOutage(String why) {
    return with(c -> {
      c.outageRetries++;
      c.lastError = why;
    });
  }

  public RunCheckpoint failed(String failureReason) {
    return with(c -> c.failureReason = failureReason);
  }

  /**
   * The endpoint took the next page, whose URLs last until {@code urlsValidUntilMillis}. The following
   * page gets a delivery window and refusal count of its own: the endpoint has just shown it works.
   */
  public RunCheckpoint pageDelivered(long nextDeliveryDeadlineMillis, long urlsValidUntilMillis) {
    return with(c -> {
      c.deliveryDeadlineMillis = nextDeliveryDeadlineMillis;
      c.urlsValidUntilMillis = urlsValidUntilMillis;
      c.rejections = 0;
      c.outageRetries = 0;
      c.lastError = null;
      c.pagesDelivered++;
    });
  }

  public boolean hasFailed() {
    return failureReason != null;
  }

  public boolean allPagesDelivered() {
    return listed && pagesDelivered >= pageCount;
  }

  private RunCheckpoint with(Consumer<Change> change) {
    Change c = new Change(this);
    change.accept(c);
    return c.build();
  }

  /** The one mutable copy every step goes through. */
  private static final class Change {
    String messageId;
    long deliveryDeadlineMillis;
    DeliveryPolicy policy;
    boolean listed;
    String listingKey;
    int documentCount;
    long totalBytes;
    String pagePlanKey;
    int pageCount;
    int pagesDelivered;
    long urlsValidUntilMillis;
    int deliveryAttempts;
    int rejections;
    int outageRetries;
    String lastError;
    String failureReason;

    Change(String messageId, long deliveryDeadlineMillis, DeliveryPolicy policy) {
      this.messageId = messageId;
      this.deliveryDeadlineMillis = deliveryDeadlineMillis;
      this.policy = policy;
    }

    Change(RunCheckpoint s) {
      this(s.messageId, s.deliveryDeadlineMillis, s.policy);
      listed = s.listed;
      listingKey = s.listingKey;
      documentCount = s.documentCount;
      totalBytes = s.totalBytes;
      pagePlanKey = s.pagePlanKey;
      pageCount = s.pageCount;
      pagesDelivered = s.pagesDelivered;
      urlsValidUntilMillis = s.urlsValidUntilMillis;
      deliveryAttempts = s.deliveryAttempts;
      rejections = s.rejections;
      outageRetries = s.outageRetries;
      lastError = s.lastError;
      failureReason = s.failureReason;
    }

    RunCheckpoint build() {
      return new RunCheckpoint(
          messageId, deliveryDeadlineMillis, policy, listed, listingKey, documentCount, totalBytes, pagePlanKey,
          pageCount, pagesDelivered, urlsValidUntilMillis, deliveryAttempts, rejections, outageRetries, lastError,
          failureReason);
    }
  }
}
