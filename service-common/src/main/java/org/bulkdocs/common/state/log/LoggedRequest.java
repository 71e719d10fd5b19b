package org.bulkdocs.common.state.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook message in the customer's delivery log ({@link WebhookRequestLog}): what it was, how its
 * delivery went, and what a redelivery needs. Never a URL, a key or the body.
 *
 * @param id the messageId
 * @param type {@code medical.document-bulk-download-urls}, {@code …-paged} or {@code ping}
 * @param status {@link #PROCESSING} while attempts go on, {@link #SUCCESS} once a 2xx came back; a
 *     message given up is {@link #FAILURE}, written by the run or read from the webhook ledger
 * @param createdAt ISO-8601 time of the first attempt's answer
 * @param runMessageId the run's messageId, which a redelivery keeps: the message's own for a run of one
 *     message, else the one its pages and its failed notice derive theirs from. Null for a ping
 * @param page 1-based page of a paged message, else null
 * @param attempts attempts that got an answer or an error so far
 * @param lastHttpStatus the endpoint's last answer, null when it gave none
 * @param lastError why the last attempt did not get through, null after a success
 * @param metadata the trigger's metadata, for a redelivery; never shown
 * @param pageSize the documents per message its run was cut with, for a redelivery to cut the same
 *     pages; null when not known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggedRequest(
    String id,
    String type,
    String status,
    String createdAt,
    String updatedAt,
    String requestId,
    String patientId,
    String runMessageId,
    Integer page,
    Integer totalPages,
    int attempts,
    Integer lastHttpStatus,
    String lastError,
    Map<String, String> metadata,
    String dateFrom,
    String dateTo,
    Integer pageSize) {

  public static final String PROCESSING = "processing";
  public static final String SUCCESS = "success";
  public static final String FAILURE = "failure";

  public LoggedRequest {
    // kept in the caller's order: a redelivery echoes it as meta.data
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The outcome of one more attempt, counted on top of this entry. */
  public LoggedRequest attempted(String newStatus, Integer httpStatus, String error, String now) {
    return new LoggedRequest(
        id, type, newStatus, createdAt, now, requestId, patientId, runMessageId, page, totalPages, attempts + 1,
        httpStatus, error, metadata, dateFrom, dateTo, pageSize);
  }

  public LoggedRequest withStatus(String newStatus, String error) {
    return new LoggedRequest(
        id, type, newStatus, createdAt, updatedAt, requestId, patientId, runMessageId, page, totalPages, attempts,
        lastHttpStatus, error, metadata, dateFrom, dateTo, pageSize);
  }

  public boolean isPing() {
    return runMessageId == null;
  }
}
