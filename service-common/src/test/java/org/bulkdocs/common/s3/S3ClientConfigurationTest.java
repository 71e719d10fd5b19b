package org.bulkdocs.common.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bulkdocs.testsupport.InProcessS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The client the application builds talks SigV4 to an S3-compatible endpoint with path-style URLs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ClientConfigurationTest {

  private InProcessS3 s3;

  @BeforeAll
  void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  void stopS3() {
    s3.close();
  }

  @Test
  void listsWithStaticCredentials() {
    s3.put("cx-a/patient-1/document-1.pdf", new byte[] {1});
    try (S3Client client = clientFor(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)) {
      assertThat(client.listObjectsV2(b -> b.bucket(InProcessS3.BUCKET).prefix("cx-a/")).contents())
          .extracting(o -> o.key())
          .contains("cx-a/patient-1/document-1.pdf");
    }
  }

  @Test
  void aWrongSecretIsRefusedSoSignaturesAreReallyChecked() {
    try (S3Client client = clientFor(InProcessS3.ACCESS_KEY, "wrong-secret")) {
      assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket(InProcessS3.BUCKET)))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  private S3Client clientFor(String accessKeyId, String secret) {
    S3Properties properties =
        new S3Properties(s3.endpoint(), "us-east-1", InProcessS3.BUCKET, accessKeyId, secret, true);
    return S3ClientConfiguration.client(properties, S3ClientConfiguration.credentials(properties));
  }
}
