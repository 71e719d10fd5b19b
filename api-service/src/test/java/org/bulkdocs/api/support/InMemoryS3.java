package org.bulkdocs.api.support;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 endpoint in memory: S3Proxy (4.x brings its own blob stores; jclouds is gone) serving a
 * transient store on a free local port and verifying SigV4 with its own credentials, so the
 * application's S3 client is exercised exactly as against AWS.
 */
public final class InMemoryS3 implements AutoCloseable {

  public static final String BUCKET = "medical-documents-test";
  public static final String ACCESS_KEY_ID = "test-access-key";
  public static final String SECRET_ACCESS_KEY = "test-secret-key";

  /** Seeded documents: cx-a has patient-1, cx-b has patient-2. */
  public static final String PATIENT_OF_A = "patient-1";

  public static final String PATIENT_OF_B = "patient-2";

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private InMemoryS3(S3Proxy proxy, URI endpoint, S3Client client) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.client = client;
  }

  public static InMemoryS3 start() {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    try {
      proxy.start(); // returns once Jetty listens
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
            .build();
    InMemoryS3 s3 = new InMemoryS3(proxy, endpoint, client);
    client.createBucket(b -> b.bucket(BUCKET));
    s3.putDocument("cx-a", PATIENT_OF_A, "document-1.pdf");
    s3.putDocument("cx-a", PATIENT_OF_A, "document-2.xml");
    s3.putDocument("cx-b", PATIENT_OF_B, "document-1.pdf");
    return s3;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The application's view of this store, as bulkdocs.s3.* properties. */
  public List<String> applicationProperties() {
    return List.of(
        "bulkdocs.s3.endpoint=" + endpoint,
        "bulkdocs.s3.region=us-east-1",
        "bulkdocs.s3.bucket=" + BUCKET,
        "bulkdocs.s3.access-key-id=" + ACCESS_KEY_ID,
        "bulkdocs.s3.secret-access-key=" + SECRET_ACCESS_KEY,
        "bulkdocs.s3.path-style=true");
  }

  public void putDocument(String cxId, String patientId, String name) {
    client.putObject(b -> b.bucket(BUCKET).key(cxId + "/" + patientId + "/" + name), RequestBody.fromString("%PDF-1.7"));
  }

  /** A patient no other test has touched, so its workflow ID is fresh in the shared Temporal. */
  public String newPatient(String cxId) {
    String patientId = "patient-" + UUID.randomUUID();
    putDocument(cxId, patientId, "document-1.pdf");
    return patientId;
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }
}
