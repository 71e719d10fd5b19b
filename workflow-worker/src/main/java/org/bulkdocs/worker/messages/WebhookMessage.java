package org.bulkdocs.worker.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The {@code medical.document-bulk-download-urls} webhook body, field for field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookMessage(Meta meta, List<PatientEntry> patients) {

  public static final String TYPE = "medical.document-bulk-download-urls";

  /** @param data the trigger's metadata, echoed back; omitted when there was none */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Meta(
      String messageId, String requestId, String when, String type, Map<String, String> data) {}

  public record PatientEntry(String patientId, String status, List<WebhookDocument> documents) {}
}
