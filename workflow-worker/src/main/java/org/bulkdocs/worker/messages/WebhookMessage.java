package org.bulkdocs.worker.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.bulkdocs.contract.bulk.DocumentDates;

/** The {@code medical.document-bulk-download-urls} webhook body, field for field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookMessage(Meta meta, List<PatientEntry> patients) {

  public static final String TYPE = "medical.document-bulk-download-urls";

  /** @param data the trigger's metadata, echoed back; omitted when there was none */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Meta(
      String messageId, String requestId, String when, String type, Map<String, String> data) {}

  /**
   * @param filters the trigger's date filter, when it had one (not in Metriport's schema: its SDK ignores it)
   * @param urlsValidUntil when the documents' URLs expire (the same; absent without URLs)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PatientEntry(
      String patientId, String status, List<WebhookDocument> documents, DocumentDates filters, String urlsValidUntil) {}
}
