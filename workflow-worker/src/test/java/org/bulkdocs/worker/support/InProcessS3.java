package org.bulkdocs.worker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.bulkdocs.worker.s3.S3ClientConfiguration;
import org.bulkdocs.worker.s3.S3Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real S3 API in the test's JVM: S3Proxy on its in-memory backend, verifying SigV4 signatures, so
 * a tampered or expired presigned URL is refused like on AWS.
 */
public final class InProcessS3 implements AutoCloseable {

  public static final String BUCKET = "medical-documents";
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";

  private final S3Proxy proxy;
  private final S3Properties properties;
  private final S3Client client;
  private final S3Presigner presigner;
  private final HttpClient http = HttpClient.newHttpClient();

  private InProcessS3(S3Proxy proxy, String bucket) {
    this.proxy = proxy;
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.properties =
        new S3Properties(endpoint, null, "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true);
    var config = new S3ClientConfiguration();
    this.client = config.s3Client(properties);
    this.presigner = config.s3Presigner(properties);
  }

  public static InProcessS3 start() {
    try {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new TransientNio2BlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      InProcessS3 s3 = new InProcessS3(proxy, BUCKET);
      s3.client.createBucket(b -> b.bucket(BUCKET));
      return s3;
    } catch (Exception e) {
      throw new IllegalStateException("could not start S3Proxy", e);
    }
  }

  /** Settings pointing at the same server but at a bucket that does not exist. */
  public S3Properties propertiesWithBucket(String bucket) {
    return new S3Properties(
        properties.endpoint(), null, properties.region(), bucket, ACCESS_KEY, SECRET_KEY, true);
  }

  public S3Properties properties() {
    return properties;
  }

  public S3Client client() {
    return client;
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public void put(String key, byte[] content) {
    client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
  }

  public int countUnder(String prefix) {
    return client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .mapToInt(o -> 1)
        .sum();
  }

  /** Plain HTTP GET, as a customer would download a presigned URL. */
  public HttpResponse<byte[]> download(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    presigner.close();
    client.close();
    proxy.stop();
  }
}
