package org.bulkdocs.worker.delivery;

import java.util.Map;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.worker.messages.PageSource;

/**
 * One delivery attempt of one page of a run's documents; its URLs are signed in the attempt.
 *
 * @param messageId this page's own messageId
 * @param pagePlanKey the page plan; null when one message delivers the whole listing
 * @param page 1-based, of the pages in {@code pagePlanKey}
 * @param metadata echoed as {@code meta.data} on every page
 * @param retry an attempt of this page went out before: the endpoint may already have it
 * @param runMessageId the run's messageId, which a redelivery keeps (this page's own when it is the only one)
 * @param dates the run's date filter, echoed in {@code patients[].filters}; null when none
 */
public record PageDelivery(
    String cxId,
    String patientId,
    String requestId,
    String messageId,
    String listingKey,
    String pagePlanKey,
    int page,
    Map<String, String> metadata,
    AcceptedMessages.Scope scope,
    boolean retry,
    String runMessageId,
    DocumentDates dates) {

  /** What this page's message is built from. */
  public PageSource source() {
    return new PageSource(patientId, requestId, messageId, listingKey, page, metadata, dates);
  }
}
