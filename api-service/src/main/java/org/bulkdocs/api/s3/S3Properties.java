package org.bulkdocs.api.s3;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the patients' documents live: {@code s3://bucket/{cxId}/{patientId}/...}.
 *
 * @param endpoint S3-compatible endpoint (MinIO, LocalStack, S3Proxy); empty means AWS S3 itself
 * @param accessKeyId with {@code secretAccessKey}: static credentials; both empty means the AWS
 *     default chain (env, profile, container/instance role)
 * @param pathStyle {@code http://host/bucket/key} addressing, which most S3-compatible servers need
 */
@ConfigurationProperties(prefix = "bulkdocs.s3")
public record S3Properties(
    @Nullable URI endpoint,
    @DefaultValue("us-east-1") String region,
    String bucket,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    boolean pathStyle) {

  public S3Properties {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bulkdocs.s3.bucket (env S3_BUCKET) must name the documents bucket");
    }
    // Env placeholders resolve to "" when unset; treat that as "not configured".
    if (region == null || region.isBlank()) {
      region = "us-east-1";
    }
    if (endpoint != null && endpoint.toString().isBlank()) {
      endpoint = null;
    }
    if (isBlank(accessKeyId) != isBlank(secretAccessKey)) {
      throw new IllegalArgumentException(
          "set both bulkdocs.s3.access-key-id and bulkdocs.s3.secret-access-key "
              + "(env S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) or neither");
    }
  }

  public boolean hasStaticCredentials() {
    return !isBlank(accessKeyId);
  }

  private static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  @Override
  public String toString() {
    // Keep the secret out of logs and failure analyses that print bound properties.
    return "S3Properties[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
        + ", staticCredentials=" + hasStaticCredentials() + ", pathStyle=" + pathStyle + "]";
  }
}
