package org.bulkdocs.worker.staging;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.bulkdocs.worker.s3.S3Properties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claim check: document lists and signed URLs are far too big for Temporal payloads, so activities
 * keep them in S3 under {@code {prefix}{requestId}/} and hand each other only the keys.
 */
@Component
public class ClaimCheckStore {

  private static final int S3_DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public ClaimCheckStore(S3Client s3, S3Properties s3Props, StagingProperties staging) {
    this.s3 = s3;
    this.bucket = s3Props.bucket();
    this.prefix = staging.prefix();
  }

  public String keyFor(String requestId, String name) {
    return runPrefix(requestId) + name;
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

  /** Deletes everything a run staged; safe to call again. */
  public int deleteRun(String requestId) {
    List<ObjectIdentifier> keys =
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(runPrefix(requestId))).contents()
            .stream()
            .map(S3Object::key)
            .map(k -> ObjectIdentifier.builder().key(k).build())
            .toList();
    for (int from = 0; from < keys.size(); from += S3_DELETE_BATCH) {
      List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + S3_DELETE_BATCH));
      s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
    }
    return keys.size();
  }

  private String runPrefix(String requestId) {
    return prefix + requestId + "/";
  }
}
