package org.bulkdocs.worker.support;

import java.net.URI;
import java.net.http.HttpResponse;
import org.bulkdocs.common.s3.S3ClientConfiguration;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.worker.signing.S3PresignerConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The shared in-process S3Proxy ({@link org.bulkdocs.testsupport.InProcessS3}) seen through the
 * worker's own configuration types, with a presigner built exactly as production builds it.
 */
public final class InProcessS3 implements AutoCloseable {

  public static final String BUCKET = org.bulkdocs.testsupport.InProcessS3.BUCKET;
  public static final String ACCESS_KEY = org.bulkdocs.testsupport.InProcessS3.ACCESS_KEY;
  public static final String SECRET_KEY = org.bulkdocs.testsupport.InProcessS3.SECRET_KEY;

  private final org.bulkdocs.testsupport.InProcessS3 s3;
  private final S3Properties properties;
  private final S3Presigner presigner;

  private InProcessS3(org.bulkdocs.testsupport.InProcessS3 s3) {
    this.s3 = s3;
    this.properties = propertiesWithBucket(BUCKET);
    this.presigner =
        S3PresignerConfiguration.presigner(properties, S3ClientConfiguration.credentials(properties));
  }

  public static InProcessS3 start() {
    return new InProcessS3(org.bulkdocs.testsupport.InProcessS3.start());
  }

  public S3Properties properties() {
    return properties;
  }

  /** Settings pointing at the same server, possibly at a bucket that does not exist. */
  public S3Properties propertiesWithBucket(String bucket) {
    return new S3Properties(
        s3.endpoint(), org.bulkdocs.testsupport.InProcessS3.REGION, bucket, ACCESS_KEY, SECRET_KEY, true);
  }

  /** Settings reaching the same server through another port: a {@code TcpProxy} that can cut it off. */
  public S3Properties propertiesVia(int port) {
    return new S3Properties(
        URI.create("http://127.0.0.1:" + port), org.bulkdocs.testsupport.InProcessS3.REGION, BUCKET, ACCESS_KEY, SECRET_KEY, true);
  }

  public URI endpoint() {
    return s3.endpoint();
  }

  public S3Client client() {
    return s3.client();
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public void put(String key, byte[] content) {
    s3.put(key, content);
  }

  public int countUnder(String prefix) {
    return s3.countUnder(prefix);
  }

  public HttpResponse<byte[]> download(String url) {
    return s3.download(url);
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
  }
}
