package org.bulkdocs.worker.listing;

import io.temporal.spring.boot.ActivityImpl;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
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

  public DocumentListingActivitiesImpl(
      S3Client s3, S3Properties s3Props, ClaimCheckStore store, JsonMapper json) {
    this.s3 = s3;
    this.bucket = s3Props.bucket();
    this.store = store;
    this.json = json;
  }

  @Override
  public DocumentListing listDocuments(ListDocumentsInput input) {
    return BackgroundHeartbeat.around(() -> list(input));
  }

  private DocumentListing list(ListDocumentsInput input) {
    String patientPrefix = input.cxId() + "/" + input.patientId() + "/";
    Path listingFile = createTempFile();
    try {
      int count = 0;
      long bytes = 0;
      int pages = 0;
      // A temp file keeps memory flat however many documents the patient has.
      try (BufferedWriter out = Files.newBufferedWriter(listingFile, StandardCharsets.UTF_8)) {
        for (ListObjectsV2Response page :
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(patientPrefix))) {
          for (S3Object object : page.contents()) {
            if (object.key().endsWith("/")) {
              continue; // a "folder" marker, not a document
            }
            out.write(json.writeValueAsString(toDocument(input, object)));
            out.write('\n');
            count++;
            bytes += object.size();
          }
          pages++;
        }
      }
      String key = store.keyFor(input.stagingId(), ClaimCheckStore.LISTING);
      store.put(key, listingFile);
      return new DocumentListing(key, count, bytes);
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
