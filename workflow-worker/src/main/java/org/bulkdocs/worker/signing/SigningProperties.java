package org.bulkdocs.worker.signing;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param urlValidity how long a presigned URL stays valid (S3 allows at most 7 days) */
@Validated
@ConfigurationProperties("bulkdocs.signing")
public record SigningProperties(@NotNull Duration urlValidity) {

  /** The longest a SigV4 presigned URL may be valid. */
  public static final Duration S3_MAX_VALIDITY = Duration.ofDays(7);

  public SigningProperties {
    if (urlValidity != null
        && (urlValidity.compareTo(Duration.ofMinutes(1)) < 0
            || urlValidity.compareTo(S3_MAX_VALIDITY) > 0)) {
      throw new IllegalArgumentException(
          "bulkdocs.signing.url-validity must be between 1 minute and 7 days, got " + urlValidity);
    }
  }
}
