package org.bulkdocs.localstack;

import java.io.Closeable;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure a local run needs, in one process: Temporal (embedded unless TEMPORAL_ADDRESS
 * is set), S3 (embedded S3Proxy on the filesystem unless S3_ENDPOINT is set) with demo documents,
 * and the demo customer's webhook inbox. {@code run-local.sh} starts it next to the two services.
 */
public final class LocalStack {

  private LocalStack() {}

  public static void main(String[] args) throws Exception {
    try {
      run();
    } catch (Exception e) {
      // gRPC and Jetty threads would keep a half-started stack alive: stop everything
      System.err.println("[local-stack] could not start: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    LocalStackSettings settings = LocalStackSettings.fromEnvironment(System.getenv());
    Deque<Closeable> running = new ArrayDeque<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  closeAll(running);
                  stopped.countDown();
                }));

    String temporalAddress = settings.temporalAddress();
    if (temporalAddress == null) {
      running.push(EmbeddedTemporal.start(settings.embeddedTemporalPort()));
      temporalAddress = "127.0.0.1:" + settings.embeddedTemporalPort();
      System.out.println("[local-stack] embedded Temporal test server on " + temporalAddress
          + " (in memory, no UI; set TEMPORAL_ADDRESS to use a real server)");
      EmbeddedTemporal.registerSearchAttributes(temporalAddress);
    } else {
      System.out.println("[local-stack] using Temporal at " + temporalAddress);
      try {
        EmbeddedTemporal.registerSearchAttributes(temporalAddress);
      } catch (io.grpc.StatusRuntimeException e) {
        // a secured server (TLS, mTLS) or one this process may not administer: its operator registers them
        System.out.println("[local-stack] search attributes not registered on " + temporalAddress + " ("
            + e.getStatus().getCode() + "); register them with deploy/temporal/setup-namespace.sh");
      }
    }

    URI s3Endpoint = settings.s3Endpoint();
    if (s3Endpoint == null) {
      running.push(
          EmbeddedS3.start(
              settings.dataDir().resolve("s3"),
              settings.embeddedS3Port(),
              settings.s3AccessKey(),
              settings.s3SecretKey()));
      s3Endpoint = URI.create("http://127.0.0.1:" + settings.embeddedS3Port());
      System.out.println("[local-stack] embedded S3 (S3Proxy) on " + s3Endpoint + ", data in "
          + settings.dataDir().resolve("s3").toAbsolutePath());
    } else {
      System.out.println("[local-stack] using S3 at " + s3Endpoint);
    }
    int seeded =
        DemoDocuments.seed(
            s3Endpoint, settings.bucket(), settings.s3AccessKey(), settings.s3SecretKey(),
            settings.demoCustomerId());
    System.out.println("[local-stack] demo documents: " + seeded + " written, patients "
        + DemoDocuments.PATIENTS + " of customer " + settings.demoCustomerId());

    WebhookInbox inbox = WebhookInbox.start(settings.inboxPort(), settings.demoWebhookKey());
    running.push(inbox);
    System.out.println("[local-stack] webhook inbox on " + inbox.url());
    System.out.println("[local-stack] ready");
    stopped.await();
  }

  private static void closeAll(Deque<Closeable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("[local-stack] while stopping: " + e);
      }
    }
  }
}
