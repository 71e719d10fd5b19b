package org.bulkdocs.localstack;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** S3Proxy on the filesystem: a real S3 API (SigV4 checked) whose data survives restarts. */
final class EmbeddedS3 {

  private EmbeddedS3() {}

  static Closeable start(Path root, int port, String accessKey, String secretKey) throws Exception {
    Files.createDirectories(root);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(root.toAbsolutePath().toString()))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    return () -> {
      try {
        proxy.stop();
      } catch (Exception e) {
        throw new IOException(e);
      }
    };
  }
}
