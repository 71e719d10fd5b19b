package org.bulkdocs.api.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.bulkdocs.testsupport.InProcessS3;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shared in-process S3Proxy ({@link InProcessS3}: real SigV4 checks) seeded with the API tests'
 * patients and seen as the API's {@code bulkdocs.s3.*} properties.
 */
public final class InMemoryS3 implements AutoCloseable {

  public static final String BUCKET = InProcessS3.BUCKET;
  public static final String ACCESS_KEY_ID = InProcessS3.ACCESS_KEY;
  public static final String SECRET_ACCESS_KEY = InProcessS3.SECRET_KEY;

  /** Seeded documents: cx-a has patient-1, cx-b has patient-2. */
  public static final String PATIENT_OF_A = "patient-1";

  public static final String PATIENT_OF_B = "patient-2";

  private final InProcessS3 s3;

  private InMemoryS3(InProcessS3 s3) {
    this.s3 = s3;
  }

  public static InMemoryS3 start() {
    InMemoryS3 s3 = new InMemoryS3(InProcessS3.start());
    s3.putDocument("cx-a", PATIENT_OF_A, "document-1.pdf");
    s3.putDocument("cx-a", PATIENT_OF_A, "document-2.xml");
    s3.putDocument("cx-b", PATIENT_OF_B, "document-1.pdf");
    return s3;
  }

  public URI endpoint() {
    return s3.endpoint();
  }

  public S3Client client() {
    return s3.client();
  }

  /** The application's view of this store, as bulkdocs.s3.* properties. */
  public List<String> applicationProperties() {
    return List.of(
        "bulkdocs.s3.endpoint=" + endpoint(),
        "bulkdocs.s3.region=" + InProcessS3.REGION,
        "bulkdocs.s3.bucket=" + BUCKET,
        "bulkdocs.s3.access-key-id=" + ACCESS_KEY_ID,
        "bulkdocs.s3.secret-access-key=" + SECRET_ACCESS_KEY,
        "bulkdocs.s3.path-style=true");
  }

  public void putDocument(String cxId, String patientId, String name) {
    s3.put(cxId + "/" + patientId + "/" + name, "%PDF-1.7".getBytes(StandardCharsets.UTF_8));
  }

  /** A patient no other test has touched, so its workflow ID is fresh in the shared Temporal. */
  public String newPatient(String cxId) {
    String patientId = "patient-" + UUID.randomUUID();
    putDocument(cxId, patientId, "document-1.pdf");
    return patientId;
  }

  @Override
  public void close() {
    s3.close();
  }
}
