package org.bulkdocs.worker.messages;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import okhttp3.RequestBody;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.activity.TempFiles;
import org.bulkdocs.worker.listing.ListedDocument;
import org.bulkdocs.worker.paging.PagePlan;
import org.bulkdocs.worker.sending.OutgoingMessage;
import org.bulkdocs.worker.sending.WebhookSignature;
import org.bulkdocs.worker.signing.SigningProperties;
import org.bulkdocs.worker.signing.UrlSigner;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.targets.WebhookTarget;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds one page's message: reads only that page of the staged listing, signs each URL as it goes
 * (so every message arrives with its URLs' full validity and no signed copy is ever staged), and writes
 * the body to a temp file through the signatures. Memory stays a few buffers whatever the page's size.
 */
@Component
public class PageMessages {

  public static final String PAGED_TYPE = "medical.document-bulk-download-paged";

  private final ClaimCheckStore store;
  private final UrlSigner signer;
  private final SigningProperties signing;
  private final JsonMapper json;
  private final LargeWork largeWork;

  public PageMessages(
      ClaimCheckStore store, UrlSigner signer, SigningProperties signing, JsonMapper json, LargeWork largeWork) {
    this.largeWork = largeWork;
    this.store = store;
    this.signer = signer;
    this.signing = signing;
    this.json = json;
  }

  public PagePlan plan(String pagePlanKey) {
    try (InputStream in = store.open(pagePlanKey)) {
      return json.readValue(in, PagePlan.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a page's listing lines come from. */
  @FunctionalInterface
  public interface Lines {
    InputStream open() throws IOException;
  }

  /** @param plan null: one regular message of the whole staged listing */
  public OutgoingMessage build(WebhookTarget target, PageSource source, @Nullable PagePlan plan) {
    PagePlan.Page page = plan == null ? null : plan.page(source.page());
    return build(
        target,
        source,
        plan,
        () -> page == null ? store.open(source.listingKey()) : store.open(source.listingKey(), page.offset(), page.length()));
  }

  /** A message of the lines {@code lines} gives: the page of {@code plan}, or all of them when it is null. */
  public OutgoingMessage build(WebhookTarget target, PageSource source, @Nullable PagePlan plan, Lines lines) {
    PagePlan.Page page = plan == null ? null : plan.page(source.page());
    boolean paged = plan != null && plan.paged();
    long timestamp = Instant.now().getEpochSecond();
    UrlSigner.Batch urls = signer.batch(target.urlValidityOr(signing.urlValidity()));
    Path file = largeWork.tempFile("bulk-message-", ".json");
    try {
      WebhookSignature.Streaming signed;
      int documents = 0;
      try (OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
        signed = new WebhookSignature.Streaming(target.keys(), source.messageId(), timestamp, fileOut);
        try (JsonGenerator out = json.createGenerator(signed);
            BufferedReader listing =
                new BufferedReader(new InputStreamReader(lines.open(), StandardCharsets.UTF_8))) {
          writeMetaAndPatientStart(out, source, paged ? plan : null, urls.expiresAt());
          out.writeName("documents");
          out.writeStartArray();
          String line;
          while ((line = listing.readLine()) != null) {
            if (line.isBlank()) {
              continue;
            }
            ListedDocument document = json.readValue(line, ListedDocument.class);
            json.writeValue(out, WebhookDocument.of(document, urls.presign(document.fileName()), paged));
            documents++;
          }
          out.writeEndArray();
          out.writeEndObject(); // patient
          out.writeEndArray(); // patients
          out.writeEndObject();
        }
      }
      if (page != null && documents != page.documents()) {
        throw new IllegalStateException(
            "page " + source.page() + " holds " + documents + " documents, the plan says " + page.documents());
      }
      return new OutgoingMessage(
          source.messageId(),
          timestamp,
          signed.metriportSignature(),
          signed.standardWebhooksSignature(),
          RequestBody.create(file.toFile(), OutgoingMessage.JSON),
          Files.size(file),
          documents,
          urls.expiresAt(),
          file);
    } catch (IOException e) {
      TempFiles.deleteQuietly(file);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      TempFiles.deleteQuietly(file);
      throw e;
    }
  }

  /**
   * Same fields, same order as {@link WebhookMessage}; the paged message adds {@code pagination}.
   *
   * @param pages the plan of a paged message, null for the regular one
   * @param urlsValidUntil when the message's URLs expire, in {@code urlsValidUntil}; the run's date filter
   *     goes in {@code filters}. Neither is in Metriport's schema: its SDK's parser drops both
   */
  private static void writeMetaAndPatientStart(
      JsonGenerator out, PageSource source, @Nullable PagePlan pages, Instant urlsValidUntil) {
    Map<String, String> data = source.metadata() == null ? Map.of() : source.metadata();
    out.writeStartObject();
    out.writeName("meta");
    out.writeStartObject();
    out.writeStringProperty("messageId", source.messageId());
    out.writeStringProperty("requestId", source.requestId());
    out.writeStringProperty("when", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    out.writeStringProperty("type", pages != null ? PAGED_TYPE : WebhookMessage.TYPE);
    if (!data.isEmpty()) {
      out.writeName("data");
      out.writeStartObject();
      for (Map.Entry<String, String> entry : data.entrySet()) {
        out.writeStringProperty(entry.getKey(), entry.getValue());
      }
      out.writeEndObject();
    }
    out.writeEndObject();
    out.writeName("patients");
    out.writeStartArray();
    out.writeStartObject();
    out.writeStringProperty("patientId", source.patientId());
    out.writeStringProperty("status", "completed");
    if (pages != null) {
      out.writeName("pagination");
      out.writeStartObject();
      out.writeNumberProperty("page", source.page());
      out.writeNumberProperty("totalPages", pages.pages().size());
      out.writeNumberProperty("totalItems", pages.totalDocuments());
      out.writeEndObject();
    }
    if (source.dates() != null) {
      out.writeName("filters");
      out.writeStartObject();
      if (source.dates().dateFrom() != null) {
        out.writeStringProperty("dateFrom", source.dates().dateFrom());
      }
      if (source.dates().dateTo() != null) {
        out.writeStringProperty("dateTo", source.dates().dateTo());
      }
      out.writeEndObject();
    }
    out.writeStringProperty("urlsValidUntil", urlsValidUntil.toString());
  }

}
