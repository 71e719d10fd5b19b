package org.bulkdocs.worker.staging;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.StoragePrefix;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claim check: document lists and signed URLs are far too big for Temporal payloads, so activities
 * keep them in S3 under {@code {prefix}{stagingId}/} and hand each other only the keys.
 */
@Component
public class ClaimCheckStore {

  /** The listing, one document per line. */
  public static final String LISTING = "documents.jsonl";

  /** The documents with their presigned URLs, as the webhook sends them. */
  public static final String SIGNED_DOCUMENTS = "signed-documents.json";

  /** How the listing is cut into messages. */
  public static final String PAGE_PLAN = "pages.json";

  private static final List<String> STAGED_NAMES = List.of(LISTING, SIGNED_DOCUMENTS);
  private static final int S3_DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final @Nullable String legacyPrefix;

  public ClaimCheckStore(S3Client s3, S3Properties s3Props, StagingProperties staging) {
    this.s3 = s3;
    this.bucket = s3Props.bucket();
    this.prefix = staging.prefix();
    this.legacyPrefix = staging.legacyPrefix();
  }

  public String keyFor(String stagingId, String name) {
    return folder(prefix, stagingId) + name;
  }

  public void put(String key, Path file) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromFile(file));
  }

  public void put(String key, byte[] content) {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(content));
  }

  public InputStream open(String key) {
    return s3.getObject(b -> b.bucket(bucket).key(key));
  }

  /** {@code length} bytes of the object from {@code offset}: one page of a listing. */
  public InputStream open(String key, long offset, long length) {
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    return s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
  }

  /** Deletes everything a run staged; safe to call again. Returns how many staged objects were found. */
  public int deleteRun(String stagingId) {
    List<String> staged =
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder(prefix, stagingId))).contents().stream()
            .map(S3Object::key)
            .toList();
    List<String> keys = staged;
    if (legacyPrefix != null) {
      // The legacy folder could be a customer's (that is why staging moved): only the names this worker
      // stages are removed there, never what a listing of the folder finds.
      String legacy = folder(legacyPrefix, stagingId);
      keys = Stream.concat(keys.stream(), STAGED_NAMES.stream().map(name -> legacy + name)).toList();
    }
    for (int from = 0; from < keys.size(); from += S3_DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          keys.subList(from, Math.min(keys.size(), from + S3_DELETE_BATCH)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
    }
    return staged.size();
  }

  private static String folder(String prefix, String stagingId) {
    return prefix + StoragePrefix.segment("staging ID", stagingId) + "/";
  }
}
