package org.bulkdocs.worker.listing;

import io.temporal.spring.boot.ActivityImpl;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.paging.PagePlan;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.paging.PageSizes;
import org.bulkdocs.worker.signing.SigningProperties;
import org.bulkdocs.worker.signing.UrlSigner;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class DocumentListingActivitiesImpl implements DocumentListingActivities {

  private final S3Client s3;
  private final String bucket;
  private final ClaimCheckStore store;
  private final JsonMapper json;
  private final PageSizes pageSizes;
  private final UrlSigner signer;
  private final Duration urlValidity;
  private final LargeWork largeWork;

  public DocumentListingActivitiesImpl(
      S3Client s3,
      S3Properties s3Props,
      ClaimCheckStore store,
      JsonMapper json,
      PageSizes pageSizes,
      UrlSigner signer,
      SigningProperties signing,
      LargeWork largeWork) {
    this.s3 = s3;
    this.bucket = s3Props.bucket();
    this.store = store;
    this.json = json;
    this.pageSizes = pageSizes;
    this.signer = signer;
    this.urlValidity = signing.urlValidity();
    this.largeWork = largeWork;
  }

  @Override
  public DocumentListing listDocuments(ListDocumentsInput input) {
    return BackgroundHeartbeat.around(() -> largeWork.run(() -> list(input)));
  }

  private DocumentListing list(ListDocumentsInput input) {
    String patientPrefix = input.cxId() + "/" + input.patientId() + "/";
    Path listingFile = createTempFile();
    try {
      int count = 0;
      long bytes = 0;
      PagePlanner planner = new PagePlanner(pageSizes.forCustomer(input.cxId()), pageSizes.maxMessageBytes());
      // A temp file keeps memory flat however many documents the patient has.
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(listingFile))) {
        for (ListObjectsV2Response page :
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(patientPrefix))) {
          for (S3Object object : page.contents()) {
            if (object.key().endsWith("/")) {
              continue; // a "folder" marker, not a document
            }
            byte[] line = json.writeValueAsBytes(toDocument(input, object));
            out.write(line);
            out.write('\n');
            planner.add(
                line.length + 1,
                signer.maxUrlLength(object.key(), urlValidity));
            count++;
            bytes += object.size();
          }
        }
      }
      String key = store.keyFor(input.stagingId(), ClaimCheckStore.LISTING);
      store.put(key, listingFile);
      PagePlan plan = planner.finish();
      String planKey = null;
      if (plan.paged()) { // one message is the whole listing: nothing to stage, nothing to read back
        planKey = store.keyFor(input.stagingId(), ClaimCheckStore.PAGE_PLAN);
        store.put(planKey, json.writeValueAsBytes(plan));
      }
      return new DocumentListing(key, count, bytes, planKey, plan.pages().size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(listingFile);
    }
  }

  private static ListedDocument toDocument(ListDocumentsInput input, S3Object object) {
    return new ListedDocument(
        DocumentIds.forKey(input.cxId(), input.patientId(), object.key()),
        object.key(),
        MimeTypes.forKey(object.key()),
        object.size(),
        object.lastModified().toString());
  }

  private static Path createTempFile() {
    try {
      return Files.createTempFile("bulk-listing-", ".jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temp file is harmless; the listing itself was staged or the attempt failed
    }
  }
}
