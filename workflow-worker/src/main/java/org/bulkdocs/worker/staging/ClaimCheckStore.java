package org.bulkdocs.worker.staging;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.StoragePrefix;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

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

  /** What workers before paging staged, also in the legacy folder. */
  private static final List<String> STAGED_NAMES = List.of(LISTING, SIGNED_DOCUMENTS);

  private static final List<String> CURRENT_NAMES = List.of(LISTING, SIGNED_DOCUMENTS, PAGE_PLAN);

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

  /**
   * Deletes everything a run staged, in one request: the names this worker stages are known, so no
   * listing is needed (a run costs one S3 call fewer). Safe to call again. Returns how many keys it
   * asked S3 to delete (S3 reports an absent key as deleted too).
   */
  public int deleteRun(String stagingId) {
    String current = folder(prefix, stagingId);
    List<String> keys = new ArrayList<>(CURRENT_NAMES.stream().map(name -> current + name).toList());
    if (legacyPrefix != null) {
      // The legacy folder could be a customer's (that is why staging moved): only the names this worker
      // staged there are removed, never what a listing of the folder finds.
      String legacy = folder(legacyPrefix, stagingId);
      STAGED_NAMES.forEach(name -> keys.add(legacy + name));
    }
    List<ObjectIdentifier> batch = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
    s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
    return keys.size();
  }

  private static String folder(String prefix, String stagingId) {
    return prefix + StoragePrefix.segment("staging ID", stagingId) + "/";
  }
}
