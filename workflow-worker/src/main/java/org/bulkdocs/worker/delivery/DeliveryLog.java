package org.bulkdocs.worker.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes each attempt's answer into the customer's delivery log ({@code GET /settings/webhook/request}).
 * A message's first attempt writes its entry without reading anything (its messageId is new); later
 * attempts and redeliveries update the entry they find. Best effort: the log must never fail a delivery.
 */
@Component
public class DeliveryLog {

  private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

  /**
   * What the log says about a message beyond its attempts.
   *
   * @param runMessageId the messageId a redelivery of the run keeps; null for a ping
   * @param page 1-based page of a paged message, else null
   * @param pageSize the documents per message the run was cut with, when known
   */
  public record Message(
      String type,
      @Nullable String runMessageId,
      @Nullable Integer page,
      @Nullable Integer totalPages,
      Map<String, String> metadata,
      @Nullable DocumentDates dates,
      @Nullable Integer pageSize) {}

  private final WebhookRequestLog requests;

  public DeliveryLog(WebhookRequestLog requests) {
    this.requests = requests;
  }

  /**
   * @param seenBefore the message may have an entry (an attempt of it went out before, or it is a
   *     redelivery): it is looked up and counted on
   * @param httpStatus the endpoint's answer, null when there was none
   * @param error why the attempt did not get through, null on a 2xx
   */
  public void answered(
      String cxId,
      @Nullable String patientId,
      @Nullable String requestId,
      String messageId,
      Message message,
      boolean seenBefore,
      @Nullable Integer httpStatus,
      @Nullable String error) {
    answered(
        cxId, patientId, requestId, messageId, message, seenBefore, httpStatus, error,
        error == null ? LoggedRequest.SUCCESS : LoggedRequest.PROCESSING);
  }

  /** A message sent once, never retried (a ping): its one answer is final. */
  public void answeredOnce(String cxId, String messageId, Message message, @Nullable Integer httpStatus, @Nullable String error) {
    answered(
        cxId, null, null, messageId, message, false, httpStatus, error,
        error == null ? LoggedRequest.SUCCESS : LoggedRequest.FAILURE);
  }

  private void answered(
      String cxId,
      @Nullable String patientId,
      @Nullable String requestId,
      String messageId,
      Message message,
      boolean seenBefore,
      @Nullable Integer httpStatus,
      @Nullable String error,
      String status) {
    try {
      String now = Instant.now().toString();
      Optional<LoggedRequest> before = seenBefore ? requests.find(cxId, messageId) : Optional.empty();
      LoggedRequest entry =
          before
              .map(e -> e.attempted(status, httpStatus, error, now))
              .orElseGet(
                  () ->
                      new LoggedRequest(
                          messageId, message.type(), status, now, now, requestId, patientId, message.runMessageId(),
                          message.page(), message.totalPages(), 1, httpStatus, error, message.metadata(),
                          message.dates() == null ? null : message.dates().dateFrom(),
                          message.dates() == null ? null : message.dates().dateTo(),
                          message.pageSize()));
      requests.put(cxId, entry);
    } catch (RuntimeException e) {
      log.warn("could not log the attempt of messageId={} cxId={}: {}", messageId, cxId, e.getClass().getSimpleName());
    }
  }
}
