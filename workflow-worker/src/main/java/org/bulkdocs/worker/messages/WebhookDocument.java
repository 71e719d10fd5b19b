package org.bulkdocs.worker.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.bulkdocs.worker.listing.ListedDocument;

/**
 * A document as Metriport's webhook describes it; absent optional fields are omitted.
 *
 * @param downloadUrl only in paged messages, whose schema requires it: the same presigned URL as
 *     {@code url}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookDocument(
    String id, String fileName, String mimeType, long size, String indexed, String url, String downloadUrl) {

  public static WebhookDocument of(ListedDocument document, String url) {
    return of(document, url, false);
  }

  public static WebhookDocument of(ListedDocument document, String url, boolean paged) {
    return new WebhookDocument(
        document.id(),
        document.fileName(),
        document.mimeType(),
        document.size(),
        document.indexed(),
        url,
        paged ? url : null);
  }
}
