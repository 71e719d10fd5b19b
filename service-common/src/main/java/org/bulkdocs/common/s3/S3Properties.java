package org.bulkdocs.common.s3;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The documents bucket, {@code s3://bucket/{cxId}/{patientId}/...}, as both services reach it. One record
 * for the API and the worker, so a setting means the same in both (env names in each application.yml).
 *
 * @param endpoint S3-compatible endpoint (MinIO, versitygw, S3Proxy); empty means AWS S3 itself
 * @param publicEndpoint written into presigned URLs (the worker's only). The host is part of the
 *     signature, so this must be the address customers download from; empty means {@code endpoint}
 * @param accessKeyId with {@code secretAccessKey}: static credentials; both empty means the AWS default
 *     chain (env, profile, container or instance role)
 * @param pathStyle {@code http://host/bucket/key} addressing, which most S3-compatible servers need
 * @param callTimeout the budget of one S3 call, retries included
 * @param attemptTimeout the budget of one HTTP attempt within it
 */
@ConfigurationProperties(prefix = "bulkdocs.s3")
public record S3Properties(
    @Nullable URI endpoint,
    @Nullable URI publicEndpoint,
    @DefaultValue("us-east-1") String region,
    String bucket,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    boolean pathStyle,
    @DefaultValue("30s") Duration callTimeout,
    @DefaultValue("10s") Duration attemptTimeout) {

  @ConstructorBinding
  public S3Properties {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bulkdocs.s3.bucket (env S3_BUCKET) must name the documents bucket");
    }
    // Env placeholders resolve to "" when unset; that means "not configured".
    if (region == null || region.isBlank()) {
      region = "us-east-1";
    }
    endpoint = blankToNull(endpoint);
    publicEndpoint = blankToNull(publicEndpoint);
    if (isBlank(accessKeyId) != isBlank(secretAccessKey)) {
      throw new IllegalArgumentException(
          "set both bulkdocs.s3.access-key-id and bulkdocs.s3.secret-access-key "
              + "(env S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) or neither");
    }
    if (!positive(callTimeout) || !positive(attemptTimeout)) {
      throw new IllegalArgumentException("bulkdocs.s3.call-timeout and attempt-timeout must be positive");
    }
    if (attemptTimeout.compareTo(callTimeout) > 0) {
      throw new IllegalArgumentException("bulkdocs.s3.attempt-timeout must not exceed call-timeout");
    }
  }

  /** Properties with the default timeouts, for code that builds them by hand (tests, tools). */
  public S3Properties(
      @Nullable URI endpoint,
      String region,
      String bucket,
      @Nullable String accessKeyId,
      @Nullable String secretAccessKey,
      boolean pathStyle) {
    this(
        endpoint,
        null,
        region,
        bucket,
        accessKeyId,
        secretAccessKey,
        pathStyle,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }

  public boolean hasStaticCredentials() {
    return !isBlank(accessKeyId);
  }

  /** Where presigned URLs point. */
  public @Nullable URI presignEndpoint() {
    return publicEndpoint != null ? publicEndpoint : endpoint;
  }

  private static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  private static boolean positive(@Nullable Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  private static @Nullable URI blankToNull(@Nullable URI uri) {
    return uri == null || uri.toString().isBlank() ? null : uri;
  }

  @Override
  public String toString() {
    // Keep the secret out of logs and failure analyses that print bound properties.
    return "S3Properties[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", region=" + region
        + ", bucket=" + bucket + ", staticCredentials=" + hasStaticCredentials() + ", pathStyle=" + pathStyle
        + ", callTimeout=" + callTimeout + ", attemptTimeout=" + attemptTimeout + "]";
  }
}
