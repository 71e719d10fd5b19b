package org.bulkdocs.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * versitygw (Versity S3 Gateway) on a posix folder: an S3 API that checks SigV4 and presigned URLs and
 * whose listing does not cost O(keys under the prefix) per page, unlike S3Proxy's. Installed by
 * {@code bench/run.sh} ({@code go install github.com/versity/versitygw/cmd/versitygw@v1.8.0}).
 */
final class VersityGateway implements AutoCloseable {

  static final String ACCESS_KEY = "bench-access-key";
  static final String SECRET_KEY = "bench-secret-key-0123456789";
  static final String REGION = "us-east-1";

  final int port = Ports.free();
  private final ManagedProcess process;

  private VersityGateway(Path root, Path log) throws IOException, InterruptedException {
    Files.createDirectories(root);
    process =
        ManagedProcess.start(
            "versitygw",
            List.of(binary().toString(), "--port", "127.0.0.1:" + port, "posix", root.toString()),
            Map.of("ROOT_ACCESS_KEY", ACCESS_KEY, "ROOT_SECRET_KEY", SECRET_KEY),
            log);
    try {
      Awaitility.await("versitygw listening on " + port).atMost(Duration.ofSeconds(30)).until(this::listening);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(e.getMessage() + ":\n" + process.tail(), e);
    }
  }

  static VersityGateway start(Path root, Path log) throws IOException, InterruptedException {
    return new VersityGateway(root, log);
  }

  Duration cpu() {
    return process.cpu();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** VERSITYGW, else {@code versitygw} on the PATH, else where {@code go install} puts it. */
  private static Path binary() {
    String configured = System.getenv("VERSITYGW");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Stream.concat(
            Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, "versitygw")),
            Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "versitygw")))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("versitygw not found: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0"));
  }

  @Override
  public void close() {
    process.close();
  }
}
