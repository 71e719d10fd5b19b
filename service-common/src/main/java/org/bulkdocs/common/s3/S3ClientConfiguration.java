package org.bulkdocs.common.s3;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one S3 client of each service, built the same way in both. Imported by each application; the
 * worker adds its presigner on the same credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3Properties.class)
public class S3ClientConfiguration {

  /** A bean of its own so that Spring closes it (the default chain caches refreshing providers). */
  @Bean
  public AwsCredentialsProvider s3CredentialsProvider(S3Properties properties) {
    return credentials(properties);
  }

  @Bean
  public S3Client s3Client(S3Properties properties, AwsCredentialsProvider s3CredentialsProvider) {
    return client(properties, s3CredentialsProvider);
  }

  public static AwsCredentialsProvider credentials(S3Properties properties) {
    if (properties.hasStaticCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(properties.accessKeyId(), properties.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** A hung S3 must end in an error the caller can act on, not hold a request thread or an activity. */
  public static S3Client client(S3Properties properties, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(properties.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(properties.pathStyle())
            .overrideConfiguration(
                o -> o.apiCallTimeout(properties.callTimeout()).apiCallAttemptTimeout(properties.attemptTimeout()));
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    return builder.build();
  }
}
