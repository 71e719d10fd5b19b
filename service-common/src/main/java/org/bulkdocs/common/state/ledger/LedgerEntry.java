package org.bulkdocs.common.state.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook message in the {@link WebhookLedger}: everything needed to send it again later with the
 * same identity (messageId, requestId) and the metadata given at trigger time, but no URL and no key.
 *
 * @param failureReason why delivery was given up; null while the message is being processed
 * @param recordedAt ISO-8601 time the ledger wrote this entry
 * @param dateFrom the run's date filter ({@code YYYY-MM-DD}), kept for a redelivery; null when open
 * @param dateTo the same, the range's end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(
    String cxId,
    String patientId,
    String requestId,
    String messageId,
    Map<String, String> metadata,
    String failureReason,
    String recordedAt,
    String dateFrom,
    String dateTo) {

  public LedgerEntry {
    // kept in the caller's order: it is echoed back as meta.data
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public static LedgerEntry processing(
      String cxId, String patientId, String requestId, String messageId, Map<String, String> metadata) {
    return processing(cxId, patientId, requestId, messageId, metadata, null, null);
  }

  public static LedgerEntry processing(
      String cxId,
      String patientId,
      String requestId,
      String messageId,
      Map<String, String> metadata,
      String dateFrom,
      String dateTo) {
    return new LedgerEntry(cxId, patientId, requestId, messageId, metadata, null, null, dateFrom, dateTo);
  }

  /** This entry as it is while being delivered: no failure reason. */
  public LedgerEntry asProcessing() {
    return new LedgerEntry(cxId, patientId, requestId, messageId, metadata, null, recordedAt, dateFrom, dateTo);
  }

  public LedgerEntry failed(String reason) {
    return new LedgerEntry(cxId, patientId, requestId, messageId, metadata, reason, recordedAt, dateFrom, dateTo);
  }

  LedgerEntry recordedAt(String when) {
    return new LedgerEntry(cxId, patientId, requestId, messageId, metadata, failureReason, when, dateFrom, dateTo);
  }
}
