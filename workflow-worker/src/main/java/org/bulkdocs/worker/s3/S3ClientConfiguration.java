package org.bulkdocs.worker.s3;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

@Configuration(proxyBeanMethods = false)
public class S3ClientConfiguration {

  @Bean(destroyMethod = "close")
  public S3Client s3Client(S3Properties props) {
    var builder =
        S3Client.builder()
            .region(Region.of(props.region()))
            .credentialsProvider(credentials(props))
            .forcePathStyle(props.pathStyle());
    if (props.endpoint() != null) {
      builder.endpointOverride(props.endpoint());
    }
    return builder.build();
  }

  /** One presigner for the life of the worker: it is thread-safe and costly to build. */
  @Bean(destroyMethod = "close")
  public S3Presigner s3Presigner(S3Properties props) {
    var builder =
        S3Presigner.builder()
            .region(Region.of(props.region()))
            .credentialsProvider(credentials(props))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(props.pathStyle()).build());
    if (props.presignEndpoint() != null) {
      builder.endpointOverride(props.presignEndpoint());
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3Properties props) {
    if (props.hasStaticCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(props.accessKeyId(), props.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
