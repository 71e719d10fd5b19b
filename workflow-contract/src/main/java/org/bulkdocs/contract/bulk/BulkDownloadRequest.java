package org.bulkdocs.contract.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input of {@link BulkDownloadWorkflow#run}. The API fills the first four fields; {@code checkpoint}
 * is only set by the workflow itself when it continues as new, so the requestId and messageId of a
 * run never change.
 *
 * @param redeliveryOf set when this run delivers again a message that was given up
 *     ({@code POST /settings/webhook/retry}): the messageId it must keep. requestId and metadata are
 *     then the original run's, documents are listed and URLs signed afresh. Null for a regular run.
 * @param dates the trigger's {@code dateFrom}/{@code dateTo}; null: every document
 * @param pageSize documents per message for a redelivery: the original run's, so each page goes again
 *     under the id the customer saw; null: the customer's setting at listing time
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkDownloadRequest(
    String cxId,
    String patientId,
    String requestId,
    Map<String, String> metadata,
    RunCheckpoint checkpoint,
    String redeliveryOf,
    DocumentDates dates,
    Integer pageSize) {

  public BulkDownloadRequest {
    // meta.data echoes the customer's metadata exactly, key order included: Map.copyOf would not keep it.
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public static BulkDownloadRequest start(
      String cxId, String patientId, String requestId, Map<String, String> metadata) {
    return start(cxId, patientId, requestId, metadata, null);
  }

  public static BulkDownloadRequest start(
      String cxId, String patientId, String requestId, Map<String, String> metadata, DocumentDates dates) {
    return new BulkDownloadRequest(cxId, patientId, requestId, metadata, null, null, dates, null);
  }

  /**
   * Delivers message {@code messageId} of run {@code requestId} again, with its original metadata and
   * date filter.
   */
  public static BulkDownloadRequest redelivery(
      String cxId,
      String patientId,
      String requestId,
      Map<String, String> metadata,
      String messageId,
      DocumentDates dates,
      Integer pageSize) {
    if (messageId == null || messageId.isBlank()) {
      throw new IllegalArgumentException("a redelivery needs the messageId it delivers again");
    }
    return new BulkDownloadRequest(cxId, patientId, requestId, metadata, null, messageId, dates, pageSize);
  }

  public BulkDownloadRequest continueWith(RunCheckpoint next) {
    return new BulkDownloadRequest(cxId, patientId, requestId, metadata, next, redeliveryOf, dates, pageSize);
  }
}
