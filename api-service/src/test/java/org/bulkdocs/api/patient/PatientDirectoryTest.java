package org.bulkdocs.api.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.api.support.InMemoryS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientDirectoryTest {

  private InMemoryS3 s3;
  private S3Client client;
  private PatientDirectory directory;

  @BeforeAll
  void start() {
    s3 = InMemoryS3.start();
    client = client(s3.endpoint());
    directory = new PatientDirectory(client, properties(s3.endpoint()), new SimpleMeterRegistry());
  }

  @AfterAll
  void stop() {
    client.close();
    s3.close();
  }

  @Test
  void aPatientExistsWhenItHasDocumentsUnderTheCustomersPrefix() {
    assertThat(directory.hasPatient("cx-a", InMemoryS3.PATIENT_OF_A)).isTrue();
    assertThat(directory.hasPatient("cx-b", InMemoryS3.PATIENT_OF_B)).isTrue();
  }

  @Test
  void anotherCustomersPatientDoesNotExistForThisCustomer() {
    assertThat(directory.hasPatient("cx-a", InMemoryS3.PATIENT_OF_B)).isFalse();
    assertThat(directory.hasPatient("cx-b", InMemoryS3.PATIENT_OF_A)).isFalse();
    assertThatThrownBy(() -> directory.requireExisting("cx-a", InMemoryS3.PATIENT_OF_B))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(404);
              assertThat(e.detail()).isEqualTo("Could not find patient");
            });
  }

  @Test
  void aPrefixOfAnotherPatientIdIsNotThatPatient() {
    s3.putDocument("cx-a", "patient-10", "document-1.pdf");
    s3.putDocument("cx-a", "patient-2x", "document-1.pdf");

    assertThat(directory.hasPatient("cx-a", "patient")).isFalse();
    assertThat(directory.hasPatient("cx-a", "patient-2")).isFalse();
    assertThat(directory.hasPatient("cx-a", "patient-10")).isTrue();
  }

  @Test
  void unreachableStorageIsServiceUnavailable() {
    URI nowhere = URI.create("http://127.0.0.1:1");
    try (S3Client down = client(nowhere)) {
      PatientDirectory unavailable = new PatientDirectory(down, properties(nowhere), new SimpleMeterRegistry());

      assertThatThrownBy(() -> unavailable.hasPatient("cx-a", InMemoryS3.PATIENT_OF_A))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(503));
    }
  }

  @Test
  void aMissingBucketIsServiceUnavailableNotNotFound() {
    PatientDirectory misconfigured =
        new PatientDirectory(
            client,
            new S3Properties(s3.endpoint(), "us-east-1", "no-such-bucket", "id", "secret", true),
            new SimpleMeterRegistry());

    assertThatThrownBy(() -> misconfigured.hasPatient("cx-a", InMemoryS3.PATIENT_OF_A))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(503));
  }

  private static S3Properties properties(URI endpoint) {
    return new S3Properties(
        endpoint, "us-east-1", InMemoryS3.BUCKET, InMemoryS3.ACCESS_KEY_ID, InMemoryS3.SECRET_ACCESS_KEY, true);
  }

  private static S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(InMemoryS3.ACCESS_KEY_ID, InMemoryS3.SECRET_ACCESS_KEY)))
        .build();
  }
}
