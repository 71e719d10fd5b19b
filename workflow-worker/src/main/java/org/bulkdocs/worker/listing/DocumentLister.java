package org.bulkdocs.worker.listing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.activity.TempFiles;
import org.bulkdocs.worker.paging.PagePlan;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.signing.SigningProperties;
import org.bulkdocs.worker.signing.UrlSigner;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.targets.PageSizes;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists a patient's documents into a temp file (one JSON line each, memory flat whatever the count)
 * and cuts them into pages as it goes; {@link #stage} puts them in S3 for the activities that follow.
 */
@Component
public class DocumentLister {

  /** A listing in a local temp file; closing deletes it. */
  public record Listed(Path file, int documentCount, long totalBytes, PagePlan plan) implements AutoCloseable {
    @Override
    public void close() {
      TempFiles.deleteQuietly(file);
    }
  }

  private final S3Client s3;
  private final String bucket;
  private final ClaimCheckStore store;
  private final JsonMapper json;
  private final PageSizes pageSizes;
  private final UrlSigner signer;
  private final LargeWork largeWork;

  public DocumentLister(
      S3Client s3,
      S3Properties s3Props,
      ClaimCheckStore store,
      JsonMapper json,
      PageSizes pageSizes,
      UrlSigner signer,
      SigningProperties signing,
      LargeWork largeWork) {
    this.largeWork = largeWork;
    this.s3 = s3;
    this.bucket = s3Props.bucket();
    this.store = store;
    this.json = json;
    this.pageSizes = pageSizes;
    this.signer = signer;
  }

  /** With the customer's page size, read now. */
  public Listed list(String cxId, String patientId) {
    return list(cxId, patientId, pageSizes.forCustomer(cxId));
  }

  public Listed list(String cxId, String patientId, int pageSize) {
    return list(cxId, patientId, pageSize, null);
  }

  /** @param dates only documents whose {@code indexed} date (UTC) is in this range; null: all */
  public Listed list(String cxId, String patientId, int pageSize, @Nullable DocumentDates dates) {
    String patientPrefix = cxId + "/" + patientId + "/";
    Path file = largeWork.tempFile("bulk-listing-", ".jsonl");
    try {
      int count = 0;
      long bytes = 0;
      PagePlanner planner = new PagePlanner(pageSize, pageSizes.maxMessageBytes());
      // the longest lifetime a customer may choose: its URLs are the longest, so no message outgrows its plan
      UrlSigner.UrlLengths urlLengths = signer.urlLengths(SigningProperties.S3_MAX_VALIDITY);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(patientPrefix))) {
          for (S3Object object : page.contents()) {
            if (object.key().endsWith("/")) {
              continue; // a "folder" marker, not a document
            }
            if (dates != null && !dates.includes(LocalDate.ofInstant(object.lastModified(), ZoneOffset.UTC))) {
              continue;
            }
            byte[] line = json.writeValueAsBytes(toDocument(cxId, patientId, object));
            out.write(line);
            out.write('\n');
            planner.add(line.length + 1, urlLengths.maxFor(object.key()));
            count++;
            bytes += object.size();
          }
        }
      }
      return new Listed(file, count, bytes, planner.finish());
    } catch (IOException e) {
      TempFiles.deleteQuietly(file);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      TempFiles.deleteQuietly(file);
      throw e;
    }
  }

  /** Puts the listing in S3 under the run's staging folder, with its page plan when it is paged. */
  public DocumentListing stage(Listed listed, String stagingId) {
    String key = store.keyFor(stagingId, ClaimCheckStore.LISTING);
    store.put(key, listed.file());
    String planKey = null;
    if (listed.plan().paged()) { // one message is the whole listing: no plan to stage or read back
      planKey = store.keyFor(stagingId, ClaimCheckStore.PAGE_PLAN);
      store.put(planKey, json.writeValueAsBytes(listed.plan()));
    }
    return new DocumentListing(key, listed.documentCount(), listed.totalBytes(), planKey, listed.plan().pages().size());
  }

  private static ListedDocument toDocument(String cxId, String patientId, S3Object object) {
    return new ListedDocument(
        DocumentIds.forKey(cxId, patientId, object.key()),
        object.key(),
        MimeTypes.forKey(object.key()),
        object.size(),
        object.lastModified().toString());
  }

}
