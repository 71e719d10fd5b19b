package org.bulkdocs.worker.staging;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.StoragePrefix;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Claim check: document lists and signed URLs are far too big for Temporal payloads, so activities
 * keep them in S3 under {@code {prefix}{stagingId}/} and hand each other only the keys.
 */
@Component
public class ClaimCheckStore {

  /** The listing, one document per line. */
  public static final String LISTING = "documents.jsonl";

  /** How the listing is cut into messages. */
  public static final String PAGE_PLAN = "pages.json";

  /** Where the record of each message the endpoint accepted lives, one object per message. */
  static final String ACCEPTED = "accepted/";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public ClaimCheckStore(S3Client s3, S3Properties s3Props, StagingProperties staging) {
    this.s3 = s3;
    this.bucket = s3Props.bucket();
    this.prefix = staging.prefix();
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

  /** The record that the endpoint accepted {@code messageId} in the delivery {@code scope} of a run. */
  public String acceptedKey(String stagingId, String scope, String messageId) {
    return folder(prefix, stagingId)
        + ACCEPTED
        + StoragePrefix.segment("delivery scope", scope)
        + "-"
        + StoragePrefix.segment("message ID", messageId);
  }

  /** The object's bytes, or empty when there is none. */
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  /** {@code length} bytes of the object from {@code offset}: one page of a listing. */
  public InputStream open(String key, long offset, long length) {
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    return s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
  }

  /**
   * Deletes everything a run staged (listing, page plan, records of accepted messages): what its folder
   * holds, 1,000 keys a request. Safe to call again. Returns how many keys it deleted.
   */
  public int deleteRun(String stagingId) {
    String folder = folder(prefix, stagingId);
    int deleted = 0;
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder))) {
      List<ObjectIdentifier> batch =
          page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      if (!batch.isEmpty()) {
        s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
        deleted += batch.size();
      }
    }
    return deleted;
  }

  private static String folder(String prefix, String stagingId) {
    return prefix + StoragePrefix.segment("staging ID", stagingId) + "/";
  }
}
