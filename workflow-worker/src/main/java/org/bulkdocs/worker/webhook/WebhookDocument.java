package org.bulkdocs.worker.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.bulkdocs.worker.listing.ListedDocument;

/** A document as Metriport's webhook describes it; absent optional fields are omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookDocument(
    String id, String fileName, String mimeType, long size, String indexed, String url) {

  public static WebhookDocument of(ListedDocument document, String url) {
    return new WebhookDocument(
        document.id(),
        document.fileName(),
        document.mimeType(),
        document.size(),
        document.indexed(),
        url);
  }
}
