package org.bulkdocs.common.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class S3PropertiesTest {

  /** What application.yml yields when none of the S3_* variables is set. */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "bulkdocs.s3.endpoint", "",
          "bulkdocs.s3.region", "us-east-1",
          "bulkdocs.s3.bucket", "medical-documents",
          "bulkdocs.s3.access-key-id", "",
          "bulkdocs.s3.secret-access-key", "",
          "bulkdocs.s3.path-style", "false");

  @Test
  void unsetVariablesMeanAwsWithTheDefaultCredentialChain() {
    S3Properties properties = bind(DEFAULTS);

    assertThat(properties.endpoint()).isNull();
    assertThat(properties.region()).isEqualTo("us-east-1");
    assertThat(properties.bucket()).isEqualTo("medical-documents");
    assertThat(properties.hasStaticCredentials()).isFalse();
    assertThat(properties.pathStyle()).isFalse();
  }

  @Test
  void bindsAnS3CompatibleEndpointWithStaticCredentials() {
    S3Properties properties =
        bind(
            Map.of(
                "bulkdocs.s3.endpoint", "http://minio:9000",
                "bulkdocs.s3.region", "",
                "bulkdocs.s3.bucket", "docs",
                "bulkdocs.s3.access-key-id", "minio",
                "bulkdocs.s3.secret-access-key", "minio-secret",
                "bulkdocs.s3.path-style", "true"));

    assertThat(properties.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(properties.region()).isEqualTo("us-east-1");
    assertThat(properties.hasStaticCredentials()).isTrue();
    assertThat(properties.pathStyle()).isTrue();
    assertThat(properties.toString()).doesNotContain("minio-secret");
  }

  @Test
  void aMissingBucketFailsFast() {
    assertThatThrownBy(() -> bind(Map.of("bulkdocs.s3.bucket", " ")))
        .isInstanceOf(BindException.class)
        .hasRootCauseMessage("bulkdocs.s3.bucket (env S3_BUCKET) must name the documents bucket");
    assertThatThrownBy(() -> bind(Map.of("bulkdocs.s3.region", "eu-west-1")))
        .isInstanceOf(BindException.class)
        .hasRootCauseMessage("bulkdocs.s3.bucket (env S3_BUCKET) must name the documents bucket");
  }

  @Test
  void halfOfAKeyPairFailsFast() {
    assertThatThrownBy(() -> bind(Map.of("bulkdocs.s3.bucket", "docs", "bulkdocs.s3.access-key-id", "id")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageStartingWith("set both bulkdocs.s3.access-key-id and bulkdocs.s3.secret-access-key");
  }

  @Test
  void timeoutsMustFitInsideEachOther() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "bulkdocs.s3.bucket", "docs",
                        "bulkdocs.s3.call-timeout", "5s",
                        "bulkdocs.s3.attempt-timeout", "10s")))
        .isInstanceOf(BindException.class)
        .hasRootCauseMessage("bulkdocs.s3.attempt-timeout must not exceed call-timeout");
    assertThat(bind(Map.of("bulkdocs.s3.bucket", "docs")).callTimeout()).hasSeconds(30);
  }

  @Test
  void presignedUrlsPointAtThePublicEndpointWhenThereIsOne() {
    assertThat(
            bind(Map.of("bulkdocs.s3.bucket", "docs", "bulkdocs.s3.endpoint", "http://minio:9000"))
                .presignEndpoint())
        .isEqualTo(URI.create("http://minio:9000"));
    assertThat(
            bind(
                    Map.of(
                        "bulkdocs.s3.bucket", "docs",
                        "bulkdocs.s3.endpoint", "http://minio:9000",
                        "bulkdocs.s3.public-endpoint", "https://files.example"))
                .presignEndpoint())
        .isEqualTo(URI.create("https://files.example"));
  }

  private static S3Properties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("bulkdocs.s3", S3Properties.class);
  }
}
