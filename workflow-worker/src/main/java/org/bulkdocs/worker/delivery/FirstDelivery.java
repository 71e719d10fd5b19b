package org.bulkdocs.worker.delivery;

import org.bulkdocs.worker.listing.DocumentListing;
import org.bulkdocs.worker.sending.WebhookFailures;

/**
 * What {@link FirstDeliveryActivities#listAndDeliver} found and did.
 *
 * @param listing the documents; its {@code listingKey} is null when nothing had to be staged
 * @param receipt the endpoint took the message; null when it was not sent (paged) or not taken
 * @param failureType the {@link WebhookFailures} type of an attempt the endpoint did not take
 * @param retryAfterSeconds what the endpoint asked for with {@code Retry-After}, if anything
 */
public record FirstDelivery(
    DocumentListing listing, DeliveryReceipt receipt, String failureType, String failureMessage, Long retryAfterSeconds) {

  public boolean attempted() {
    return receipt != null || failureType != null;
  }
}
