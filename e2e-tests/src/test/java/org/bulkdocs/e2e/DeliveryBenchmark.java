package org.bulkdocs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bulkdocs.testsupport.BenchTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Delivery against its baselines, in one run, on the local stack at scale: the real Temporal dev
 * server, versitygw, the API and the worker as processes from their jars (the worker at {@code -Xmx256m},
 * JVM defaults otherwise), a receiver that verifies every signature. Prints one table; the goals are
 * reported, not asserted (this machine is noisy), but every document arriving verified is.
 *
 * <ul>
 *   <li>trigger to the last document verified at the webhook, against {@link BareDelivery} sending the
 *       same documents in as many messages;
 *   <li>runs per second end to end for 500 patients x 10 documents, against {@link
 *       BareDelivery.MinimalWorkflow} (one activity doing the same listing, signing and POST), with one
 *       worker and with two;
 *   <li>the worker's heap after each GC (its retained memory) for one 100,000-document patient and for
 *       four at once, against the same worker idle.
 * </ul>
 *
 * <p>Run with {@code bench/run.sh delivery}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryBenchmark {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path OUT = Path.of("target", "bench").toAbsolutePath();
  private static final String BUCKET = "medical-documents";
  private static final String CX = "bench-cx";
  private static final String API_KEY = "bench-api-key";
  private static final String WEBHOOK_KEY = "bench-webhook-key";
  private static final String WORKER_HEAP = "-Xmx256m";
  /** As shipped (deploy/local.env); -Dbench.workerJavaOptions= compares another choice. */
  private static final String WORKER_JAVA_OPTIONS = LocalSettings.workerJavaOptions("bench.workerJavaOptions");
  private static final int LARGE = Integer.getInteger("bench.largeDocuments", 100_000);
  private static final int RUNS = Integer.getInteger("bench.runs", 500);
  private static final int CLIENTS = 16;
  private static final int WARMUP_RUNS = 300;
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmupRounds", 4);
  private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

  private TemporalDevServer temporal;
  private VersityGateway s3;
  private Path bucketDir;
  private VerifyingReceiver receiver;
  private ManagedProcess api;
  private final List<ManagedProcess> workers = new ArrayList<>();
  private final List<HeapLog> heapLogs = new ArrayList<>();
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private WorkerFactory minimalWorkers;
  private S3Client s3Client;
  private S3Presigner presigner;
  private BareDelivery bare;
  private Throughput throughput;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String apiBase;

  @BeforeAll
  void startStack() throws Exception {
    Files.createDirectories(OUT);
    temporal = TemporalDevServer.start(OUT.resolve("delivery-temporal.log"));
    Path root = OUT.resolve("delivery-versitygw-" + UUID.randomUUID());
    s3 = VersityGateway.start(root, OUT.resolve("delivery-versitygw.log"));
    bucketDir = Files.createDirectories(root.resolve(BUCKET));
    receiver = new VerifyingReceiver(WEBHOOK_KEY);
    service = SuiteTemporal.service(temporal.address());
    client = SuiteTemporal.client(service);
    s3Client = s3.client();
    presigner =
        S3Presigner.builder()
            .endpointOverride(s3.endpoint())
            .region(Region.of(VersityGateway.REGION))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(VersityGateway.ACCESS_KEY, VersityGateway.SECRET_KEY)))
            .build();
    bare = new BareDelivery(s3Client, presigner, BUCKET, receiver.url(), WEBHOOK_KEY);
    throughput = new Throughput(client, receiver, CLIENTS);
    minimalWorkers = WorkerFactory.newInstance(client);
    var minimal = minimalWorkers.newWorker(BareDelivery.MinimalWorkflow.TASK_QUEUE);
    minimal.registerWorkflowImplementationTypes(BareDelivery.MinimalWorkflowImpl.class);
    minimal.registerActivitiesImplementations(new BareDelivery.MinimalActivitiesImpl(bare));
    minimalWorkers.start();
    startApi();
    startWorker();
  }

  @AfterAll
  void stopStack() {
    if (minimalWorkers != null) {
      minimalWorkers.shutdownNow();
    }
    if (api != null) {
      api.close();
    }
    workers.forEach(ManagedProcess::close);
    if (service != null) {
      service.shutdownNow();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (presigner != null) {
      presigner.close();
    }
    if (s3Client != null) {
      s3Client.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void deliveryAgainstItsBaselines() throws Exception {
    BenchTable table =
        new BenchTable(
            "Delivery: the product against the same work done the simplest way (worker JVM options: "
                + (WORKER_JAVA_OPTIONS.isBlank() ? "the JVM's defaults" : WORKER_JAVA_OPTIONS)
                + (System.getProperty("bench.workerJavaOptions") == null
                    ? ", as the shipped stacks run it)"
                    : ", -Dbench.workerJavaOptions: not what the stacks ship)"));
    System.out.println("[delivery-bench] worker JVM options: '" + WORKER_JAVA_OPTIONS + "'");
    long idleHeap = heapLogs.get(0).peakAfterGcMegabytes();

    // Both sides warmed up on the same patient first: the JIT, connection pools, versitygw's caches.
    String warm = seed("warm", 1_000);
    for (int i = 0; i < 5; i++) {
      product(warm, 1_000);
      baseline(warm, 1_000, 1);
    }
    for (int documents : new int[] {1_000, 10_000}) {
      String patient = seed("size-" + documents, documents);
      long best = Long.MAX_VALUE;
      long bestBare = Long.MAX_VALUE;
      int pages = 1;
      for (int round = 0; round < (documents == 1_000 ? 5 : 3); round++) {
        Timed timed = product(patient, documents);
        best = Math.min(best, timed.millis());
        pages = timed.messages();
        bestBare = Math.min(bestBare, baseline(patient, documents, pages));
      }
      double goal = documents == 1_000 ? 1.2 : 1.15;
      table.row(
          String.format("trigger to verified webhook, %,d documents (%d message%s): ms", documents, pages, pages == 1 ? "" : "s"),
          best, bestBare, "<= " + goal + "x", best <= goal * bestBare);
    }

    List<String> large = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      large.add(seed("large-" + i, LARGE));
    }
    HeapLog heap = heapLogs.get(0);
    heap.reset();
    Timed one = product(large.get(0), LARGE);
    long oneHeap = heap.peakAfterGcMegabytes();
    long bareLarge = baseline(large.get(0), LARGE, one.messages());
    table.row(
        String.format("trigger to verified webhook, %,d documents (%d messages, largest %,d bytes): ms", LARGE, one.messages(), one.largestBody()),
        one.millis(), bareLarge, "", true);
    table.row(String.format("worker heap after GC, one %,d-document patient, %s: MB (baseline: idle)", LARGE, WORKER_HEAP), oneHeap, idleHeap, "", true);

    heap.reset();
    long started = System.nanoTime();
    List<String> requestIds = new ArrayList<>();
    for (String patient : large) {
      requestIds.add(trigger(patient));
    }
    for (String requestId : requestIds) {
      receiver.await(requestId, LARGE, Duration.ofMinutes(15));
    }
    long fourMillis = (System.nanoTime() - started) / 1_000_000;
    for (String patient : large) {
      awaitClosed(patient);
    }
    boolean noOom = workers.stream().noneMatch(w -> w.logContains("OutOfMemoryError"));
    table.row(String.format("4 x %,d documents at once, %s: patients delivered, no OutOfMemoryError", LARGE, WORKER_HEAP), noOom ? 4 : 0, 4, "all", noOom);
    table.row(String.format("4 x %,d documents at once: s", LARGE), fourMillis / 1000.0, 4 * one.millis() / 1000.0, "", true);
    table.row("4 at once: worker heap after GC, MB (baseline: idle)", heap.peakAfterGcMegabytes(), idleHeap, "", true);

    List<String> small = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      small.add(seed("small-" + i, 10));
    }
    List<String> warmSmall = new ArrayList<>();
    for (int i = 0; i < WARMUP_RUNS; i++) {
      warmSmall.add(seed("warm-small-" + i, 10));
    }
    // The JIT of every process settles over the first few thousand runs; measured before that, most of
    // the CPU goes to the compilers.
    for (int round = 0; round < WARMUP_ROUNDS; round++) {
      long[] from = cpu();
      throughput.productRuns(warmSmall, this::trigger);
      printCpuPerRun("warm-up " + (round + 1) + ", product", from, cpu(), warmSmall.size());
      throughput.minimalRuns(warmSmall, CX);
    }
    long[] before = cpu();
    double minimal = throughput.minimalRuns(small, CX);
    long[] afterMinimal = cpu();
    double oneWorker = throughput.productRuns(small, this::trigger);
    long[] afterProduct = cpu();
    printCpuPerRun("minimal workflow", before, afterMinimal, small.size());
    printCpuPerRun("product, one worker", afterMinimal, afterProduct, small.size());
    table.row(String.format("end to end, %d patients x 10 documents, one worker: runs/s", RUNS), oneWorker, minimal, ">= 0.5x and >= 50/s", oneWorker >= 0.5 * minimal && oneWorker >= 50);
    startWorker();
    throughput.productRuns(warmSmall, this::trigger);
    double twoWorkers = throughput.productRuns(small, this::trigger);
    table.row(String.format("end to end, %d patients x 10 documents, two workers: runs/s", RUNS), twoWorkers, minimal, "", true);
    assertEquals(0, receiver.refused(), "every message's signature verified");
    table.print(OUT.resolve("delivery.md"));
  }

  /** CPU ms so far of Temporal, versitygw, the API, the workers and this JVM (receiver, minimal worker). */
  private long[] cpu() {
    long workersCpu = workers.stream().mapToLong(w -> w.cpu().toMillis()).sum();
    long self = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
    return new long[] {temporal.cpu().toMillis(), s3.cpu().toMillis(), api.cpu().toMillis(), workersCpu, self};
  }

  private static void printCpuPerRun(String what, long[] from, long[] to, int runs) {
    System.out.printf(
        "DeliveryBenchmark CPU ms per run, %s: temporal %.1f, versitygw %.1f, api %.1f, workers %.1f, bench JVM %.1f%n",
        what,
        (to[0] - from[0]) / (double) runs,
        (to[1] - from[1]) / (double) runs,
        (to[2] - from[2]) / (double) runs,
        (to[3] - from[3]) / (double) runs,
        (to[4] - from[4]) / (double) runs);
  }

  private record Timed(long millis, int messages, long largestBody) {}

  /** POST to the API, then the last document verified at the webhook; waits for the run to close. */
  private Timed product(String patient, int documents) throws Exception {
    long started = System.nanoTime();
    String requestId = trigger(patient);
    VerifyingReceiver.Arrivals arrivals = receiver.await(requestId, documents, Duration.ofMinutes(10));
    long millis = (arrivals.lastArrivalNanos - started) / 1_000_000;
    awaitClosed(patient);
    return new Timed(millis, arrivals.messages, arrivals.largestBody);
  }

  private long baseline(String patient, int documents, int pages) throws Exception {
    String requestId = UUID.randomUUID().toString();
    long started = System.nanoTime();
    bare.deliver(CX, patient, requestId, pages);
    VerifyingReceiver.Arrivals arrivals = receiver.await(requestId, documents, Duration.ofMinutes(10));
    return (arrivals.lastArrivalNanos - started) / 1_000_000;
  }

  private String trigger(String patient) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(apiBase + "/medical/v1/document/download-url/bulk?patientId=" + patient))
                .header("x-api-key", API_KEY)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher requestId = REQUEST_ID.matcher(response.body());
    if (response.statusCode() != 200 || !requestId.find()) {
      throw new IllegalStateException("trigger " + patient + ": " + response.statusCode() + " " + response.body());
    }
    return requestId.group(1);
  }

  private void awaitClosed(String patient) {
    throughput.awaitClosed(patient);
  }

  /** Documents written straight into versitygw's folder: seeding 400,000 through the S3 API takes minutes. */
  private String seed(String name, int documents) throws Exception {
    String patient = "bench-" + name;
    Path folder = Files.createDirectories(bucketDir.resolve(CX).resolve(patient));
    byte[] content = "%PDF-1.4 bench".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < documents; i++) {
      Files.write(folder.resolve(String.format("%s_%s_doc-%06d.pdf", CX, patient, i)), content);
    }
    return patient;
  }

  private void startApi() throws Exception {
    int port = Ports.free();
    int managementPort = Ports.free();
    Map<String, String> env = ServiceEnvironment.api(common(), port, managementPort, CX, API_KEY);
    api =
        ManagedProcess.javaJar("api-service", REPO.resolve("api-service/target/api-service.jar"), env, OUT.resolve("delivery-api.log"))
            .awaitHttpOk("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(120));
    apiBase = "http://127.0.0.1:" + port;
  }

  private void startWorker() throws Exception {
    int managementPort = Ports.free();
    int n = workers.size() + 1;
    Path gcLog = OUT.resolve("delivery-worker-" + n + "-gc.log");
    Map<String, String> env = common();
    env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true");
    env.put("BULKDOCS_WEBHOOK_TARGETS_0_CXID", CX);
    env.put("BULKDOCS_WEBHOOK_TARGETS_0_URL", receiver.url());
    env.put("BULKDOCS_WEBHOOK_TARGETS_0_KEY", WEBHOOK_KEY);
    // the shipped options; -Dbench.workerJavaOptions="... -XX:StartFlightRecording=filename=worker.jfr" to profile
    env.put("JAVA_TOOL_OPTIONS", WORKER_HEAP + " -Xlog:gc:file=" + gcLog + " " + WORKER_JAVA_OPTIONS);
    workers.add(
        ManagedProcess.javaJar("workflow-worker", REPO.resolve("workflow-worker/target/workflow-worker.jar"), env, OUT.resolve("delivery-worker-" + n + ".log"))
            .awaitHttpOk("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(120)));
    heapLogs.add(new HeapLog(gcLog));
  }

  private Map<String, String> common() {
    return ServiceEnvironment.common(
        temporal.address(), s3.endpoint().toString(), BUCKET, VersityGateway.ACCESS_KEY, VersityGateway.SECRET_KEY);
  }

}
