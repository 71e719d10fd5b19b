package org.bulkdocs.api.patient;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.common.s3.S3Properties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Which patients a customer has. A patient exists for a customer when at least one document lives
 * under {@code {cxId}/{patientId}/}; another customer's patient lives under that customer's prefix,
 * so it is indistinguishable from an unknown one.
 */
@Component
public class PatientDirectory {

  /** Metriport's exact answer; customers' code may match on it. */
  public static final String PATIENT_NOT_FOUND = "Could not find patient";

  /** Micrometer name; Prometheus shows it as {@code bulkdocs_patient_lookups_total}: S3 listings spent on triggers. */
  public static final String LOOKUPS = "bulkdocs.patient.lookups";

  private final S3Client s3;
  private final String bucket;
  private final Counter lookups;

  public PatientDirectory(S3Client s3, S3Properties properties, MeterRegistry meters) {
    this.s3 = s3;
    this.bucket = properties.bucket();
    this.lookups =
        Counter.builder(LOOKUPS).description("S3 listings made to check that a patient exists").register(meters);
  }

  /** Both ids must already be validated: they are joined into an S3 prefix as they are. */
  public boolean hasPatient(String cxId, String patientId) {
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(cxId + "/" + patientId + "/").maxKeys(1).build();
    lookups.increment();
    try {
      return !s3.listObjectsV2(request).contents().isEmpty();
    } catch (SdkException e) {
      // Unreachable, timed out, or refusing (no such bucket, access denied): not the customer's
      // fault, and retrying later may succeed. The handler logs the cause for the operator.
      throw ApiException.unavailable("Document storage is unavailable; please try again later", e);
    }
  }

  public void requireExisting(String cxId, String patientId) {
    if (!hasPatient(cxId, patientId)) {
      throw ApiException.notFound(PATIENT_NOT_FOUND);
    }
  }
}
