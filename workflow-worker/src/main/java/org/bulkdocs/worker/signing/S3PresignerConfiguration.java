package org.bulkdocs.worker.signing;

import java.time.Clock;
import org.bulkdocs.common.s3.S3ClientConfiguration;
import org.bulkdocs.common.s3.S3Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The worker's presigner, on the credentials of the shared S3 client configuration, and the
 * {@link UrlSigner} that signs like it.
 */
@Configuration(proxyBeanMethods = false)
public class S3PresignerConfiguration {

  /** One presigner for the life of the worker: it is thread-safe and costly to build. */
  @Bean(destroyMethod = "close")
  public S3Presigner s3Presigner(S3Properties properties, AwsCredentialsProvider s3CredentialsProvider) {
    return presigner(properties, s3CredentialsProvider);
  }

  /**
   * What signs the URLs of every message, at send time, with credentials that outlive the URLs ({@link
   * FreshSigningCredentials}): the S3 client's own chain, refreshed ahead of what the SDK does.
   */
  @Bean
  public UrlSigner urlSigner(S3Presigner presigner, S3Properties properties, SigningProperties signing) {
    var credentials =
        new FreshSigningCredentials(
            () -> S3ClientConfiguration.credentials(properties), signing.urlValidity(), Clock.systemUTC());
    return new UrlSigner(presigner, properties.bucket(), properties.region(), credentials, Clock.systemUTC());
  }

  public static S3Presigner presigner(S3Properties properties, AwsCredentialsProvider credentials) {
    var builder =
        S3Presigner.builder()
            .region(Region.of(properties.region()))
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(properties.pathStyle()).build());
    if (properties.presignEndpoint() != null) {
      builder.endpointOverride(properties.presignEndpoint());
    }
    return builder.build();
  }
}
