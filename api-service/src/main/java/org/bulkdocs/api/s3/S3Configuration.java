package org.bulkdocs.api.s3;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

@Configuration(proxyBeanMethods = false)
class S3Configuration {

  /**
   * A customer waits on this call, so a hung S3 must turn into a 503 quickly rather than hold the
   * request thread; the SDK still retries a failed attempt within this budget.
   */
  static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(4);

  /** A bean of its own so Spring closes the default chain's cached providers on shutdown. */
  @Bean
  AwsCredentialsProvider s3CredentialsProvider(S3Properties properties) {
    if (properties.hasStaticCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Bean
  S3Client s3Client(S3Properties properties, AwsCredentialsProvider s3CredentialsProvider) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(properties.region()))
            .credentialsProvider(s3CredentialsProvider)
            .forcePathStyle(properties.pathStyle())
            .overrideConfiguration(o -> o.apiCallTimeout(API_CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    return builder.build();
  }
}
