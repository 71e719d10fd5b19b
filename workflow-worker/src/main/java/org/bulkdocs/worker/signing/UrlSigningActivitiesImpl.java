package org.bulkdocs.worker.signing;

import io.temporal.spring.boot.ActivityImpl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.TempFiles;
import org.bulkdocs.worker.listing.ListedDocument;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.webhook.WebhookDocument;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class UrlSigningActivitiesImpl implements UrlSigningActivities {

  private final S3Presigner presigner;
  private final String bucket;
  private final Duration urlValidity;
  private final ClaimCheckStore store;
  private final JsonMapper json;

  public UrlSigningActivitiesImpl(
      S3Presigner presigner,
      S3Properties s3Props,
      SigningProperties signing,
      ClaimCheckStore store,
      JsonMapper json) {
    this.presigner = presigner;
    this.bucket = s3Props.bucket();
    this.urlValidity = signing.urlValidity();
    this.store = store;
    this.json = json;
  }

  @Override
  public SignedDocuments signUrls(SignUrlsInput input) {
    return BackgroundHeartbeat.around(() -> sign(input));
  }

  private SignedDocuments sign(SignUrlsInput input) {
    Path signedFile = TempFiles.create("bulk-signed-", ".json");
    try {
      int count = 0;
      try (BufferedReader listing =
              new BufferedReader(
                  new InputStreamReader(store.open(input.listingKey()), StandardCharsets.UTF_8));
          OutputStream out = Files.newOutputStream(signedFile);
          JsonGenerator generator = json.createGenerator(out)) {
        generator.writeStartArray();
        String line;
        while ((line = listing.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          ListedDocument document = json.readValue(line, ListedDocument.class);
          json.writeValue(generator, WebhookDocument.of(document, presign(document.fileName())));
          count++;
        }
        generator.writeEndArray();
      }
      String key = store.keyFor(input.stagingId(), ClaimCheckStore.SIGNED_DOCUMENTS);
      store.put(key, signedFile);
      return new SignedDocuments(key, count, urlValidity.toSeconds());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      TempFiles.deleteQuietly(signedFile);
    }
  }

  private String presign(String key) {
    return presigner
        .presignGetObject(
            r -> r.signatureDuration(urlValidity).getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toString();
  }
}
