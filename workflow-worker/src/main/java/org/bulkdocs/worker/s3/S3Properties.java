package org.bulkdocs.worker.s3;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the documents live.
 *
 * @param endpoint S3 API endpoint the worker talks to; empty means AWS itself
 * @param publicEndpoint endpoint written into presigned URLs. The host is part of the signature, so
 *     this must be the address customers download from (defaults to {@code endpoint})
 * @param pathStyle path-style addressing, needed by MinIO and S3Proxy
 */
@Validated
@ConfigurationProperties("bulkdocs.s3")
public record S3Properties(
    URI endpoint,
    URI publicEndpoint,
    @NotBlank String region,
    @NotBlank String bucket,
    String accessKeyId,
    String secretAccessKey,
    boolean pathStyle) {

  public URI presignEndpoint() {
    return publicEndpoint != null ? publicEndpoint : endpoint;
  }

  boolean hasStaticCredentials() {
    return accessKeyId != null && !accessKeyId.isBlank()
        && secretAccessKey != null && !secretAccessKey.isBlank();
  }
}
