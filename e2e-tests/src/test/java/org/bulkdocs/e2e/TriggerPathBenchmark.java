package org.bulkdocs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.testsupport.BenchTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The trigger path against raw Temporal starts on the same server, in one run: the API (a separate
 * process, as deployed) on the real Temporal dev server and versitygw, no worker running, against the
 * same starts made directly with the Temporal client from this JVM. Prints one table; the goals are
 * reported, not asserted (this machine is noisy), but "one run per patient" is.
 *
 * <p>Run with {@code bench/run.sh trigger-path}. Both sides are warmed up until the JIT has settled
 * ({@link #warmUp}), then get three alternating rounds; the better round of each side is reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerPathBenchmark {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path OUT = Path.of("target", "bench").toAbsolutePath();
  private static final String BUCKET = "medical-documents";
  private static final String CX = "bench-cx";
  private static final String API_KEY = "bench-api-key";
  private static final int CLIENTS = 16;
  private static final int CALLS = Integer.getInteger("bench.calls", 2000);
  /** Warm-up goes in steps of this many calls until the API's CPU per call stops falling. */
  private static final int WARMUP_STEP = 1000;

  private static final int MAX_WARMUP_STEPS = 8;

  private static final int WARMUP = WARMUP_STEP * MAX_WARMUP_STEPS;
  private static final int SAME_ID_CALLS = 1000;
  private static final int ROUNDS = 3;
  private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

  private TemporalDevServer temporal;
  private VersityGateway s3;
  private ManagedProcess api;
  private WorkflowServiceStubs service;
  private WorkflowClient client;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String apiBase;

  @BeforeAll
  void startStack() throws Exception {
    Files.createDirectories(OUT);
    temporal = TemporalDevServer.start(OUT.resolve("temporal-dev-server.log"));
    s3 = VersityGateway.start(OUT.resolve("versitygw-" + UUID.randomUUID()), OUT.resolve("versitygw.log"));
    try (S3Client seed = s3.client()) {
      seed.createBucket(b -> b.bucket(BUCKET));
      List<String> patients = new ArrayList<>();
      for (int i = 0; i < WARMUP + ROUNDS * CALLS; i++) {
        patients.add("bench-api-" + i);
      }
      for (int round = 0; round < ROUNDS; round++) {
        patients.add("bench-same-api-" + round);
      }
      patients.add("bench-same-api-warmup");
      put(seed, patients);
    }
    int port = Ports.free();
    int managementPort = Ports.free();
    Map<String, String> env =
        ServiceEnvironment.api(
            ServiceEnvironment.common(
                temporal.address(), s3.endpoint().toString(), BUCKET, VersityGateway.ACCESS_KEY, VersityGateway.SECRET_KEY),
            port,
            managementPort,
            CX,
            API_KEY);
    // e.g. -XX:StartFlightRecording=filename=api.jfr to profile the API under this load
    String apiJavaOptions = System.getenv("BENCH_API_JAVA_OPTIONS");
    if (apiJavaOptions != null) {
      env.put("JAVA_TOOL_OPTIONS", apiJavaOptions);
    }
    api =
        ManagedProcess.javaJar("api-service", REPO.resolve("api-service/target/api-service.jar"), env, OUT.resolve("api-service.log"))
            .awaitHttpOk("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(90));
    apiBase = "http://127.0.0.1:" + port;
    service =
        SuiteTemporal.service(temporal.address());
    client = SuiteTemporal.client(service);
  }

  @AfterAll
  void stopStack() {
    for (AutoCloseable running : new AutoCloseable[] {api, s3, temporal}) {
      try {
        if (running != null) {
          running.close();
        }
      } catch (Exception e) {
        System.err.println("stopping: " + e);
      }
    }
    if (service != null) {
      service.shutdownNow();
    }
  }

  @Test
  void triggerPathAgainstRawTemporalStarts() throws Exception {
    warmUp();

    LoadRun.Result apiDistinct = null;
    LoadRun.Result rawDistinct = null;
    LoadRun.Result apiSame = null;
    LoadRun.Result rawSame = null;
    for (int round = 0; round < ROUNDS; round++) {
      int offset = WARMUP + round * CALLS;
      String tag = "r" + round;
      long[] before = cpuMillis();
      rawDistinct = better(rawDistinct, checked(LoadRun.run(CLIENTS, CALLS, i -> rawStart("bench-raw-" + tag + "-" + i)), CALLS));
      long[] between = cpuMillis();
      apiDistinct = better(apiDistinct, checked(LoadRun.run(CLIENTS, CALLS, i -> trigger("bench-api-" + (offset + i))), CALLS));
      long[] after = cpuMillis();
      System.out.printf(
          "round %d CPU ms per 1000 calls (temporal, versitygw, api, this JVM): raw %s, api %s%n",
          round, perThousand(before, between, CALLS), perThousand(between, after, CALLS));
      String sameApi = "bench-same-api-" + round;
      String sameRaw = "bench-same-raw-" + round;
      rawSame = better(rawSame, checked(LoadRun.run(SAME_ID_CALLS, SAME_ID_CALLS, i -> rawStart(sameRaw)), 1));
      apiSame = better(apiSame, checked(LoadRun.run(SAME_ID_CALLS, SAME_ID_CALLS, i -> trigger(sameApi)), 1));
    }

    BenchTable table = new BenchTable("Trigger path: API against raw Temporal client starts (no worker running)");
    table.row("distinct patients, " + CLIENTS + " clients: calls/s", apiDistinct.perSecond(), rawDistinct.perSecond(), ">= 0.5x", apiDistinct.perSecond() >= 0.5 * rawDistinct.perSecond());
    table.row("distinct patients: p50 ms", apiDistinct.percentileMillis(50), rawDistinct.percentileMillis(50), "", true);
    table.row("distinct patients: p99 ms", apiDistinct.percentileMillis(99), rawDistinct.percentileMillis(99), "<= 3x", apiDistinct.percentileMillis(99) <= 3 * rawDistinct.percentileMillis(99));
    table.row(SAME_ID_CALLS + " concurrent calls, one patient: calls/s", apiSame.perSecond(), rawSame.perSecond(), ">= 0.5x", apiSame.perSecond() >= 0.5 * rawSame.perSecond());
    table.row("one patient: p99 ms", apiSame.percentileMillis(99), rawSame.percentileMillis(99), "", true);
    table.row("one patient: runs created", 1, 1, "exactly 1", true);
    table.print(OUT.resolve("trigger-path.md"));
  }

  /**
   * Both sides until the JIT has settled: in a freshly started API the compiler threads take a third
   * of its CPU, which production never sees. Steps of {@link #WARMUP_STEP} distinct patients and 200
   * calls for one patient, until the API's CPU per call improves by less than 5%.
   */
  private void warmUp() throws Exception {
    long previous = Long.MAX_VALUE;
    for (int step = 0; step < MAX_WARMUP_STEPS; step++) {
      int offset = step * WARMUP_STEP;
      String tag = "w" + step;
      long before = api.cpu().toMillis();
      LoadRun.run(CLIENTS, WARMUP_STEP, i -> trigger("bench-api-" + (offset + i)));
      LoadRun.run(200, 200, i -> trigger("bench-same-api-warmup"));
      long perThousand = (api.cpu().toMillis() - before) * 1000 / (WARMUP_STEP + 200);
      LoadRun.run(CLIENTS, WARMUP_STEP, i -> rawStart("bench-raw-warmup-" + tag + "-" + i));
      LoadRun.run(200, 200, i -> rawStart("bench-same-raw-warmup"));
      System.out.printf("warm-up step %d: API CPU ms per 1000 calls %d%n", step, perThousand);
      if (perThousand > previous * 0.95) {
        return;
      }
      previous = perThousand;
    }
  }

  private long[] cpuMillis() {
    return new long[] {
      temporal.cpu().toMillis(),
      s3.cpu().toMillis(),
      api.cpu().toMillis(),
      ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toMillis()
    };
  }

  private static String perThousand(long[] from, long[] to, int calls) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < from.length; i++) {
      out.append(i == 0 ? "" : ", ").append((to[i] - from[i]) * 1000 / calls);
    }
    return out.append(']').toString();
  }

  /** Every call answered, and the answers name {@code distinct} runs (1 for one patient). */
  private static LoadRun.Result checked(LoadRun.Result result, int distinct) {
    assertEquals(0, result.failures(), "failed calls, first: " + result.firstFailure());
    assertEquals(distinct, new HashSet<>(result.answers()).size(), "distinct runs among the answers");
    return result;
  }

  private static LoadRun.Result better(LoadRun.Result best, LoadRun.Result candidate) {
    return best == null || candidate.perSecond() > best.perSecond() ? candidate : best;
  }

  /** The customer's call, as the SDK makes it; answers the requestId. */
  private String trigger(String patientId) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(apiBase + "/medical/v1/document/download-url/bulk?patientId=" + patientId))
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"bench\":\"trigger\"}}"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher requestId = REQUEST_ID.matcher(response.body());
    if (response.statusCode() != 200 || !requestId.find()) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return requestId.group(1);
  }

  /** The same start the API makes, straight from the Temporal client; answers the run ID. */
  private String rawStart(String patientId) {
    String requestId = UUID.randomUUID().toString();
    BulkDownloadWorkflow workflow =
        client.newWorkflowStub(BulkDownloadWorkflow.class, BulkDownloadStartOptions.forPatient(CX, patientId, requestId));
    return WorkflowClient.start(workflow::run, BulkDownloadRequest.start(CX, patientId, requestId, Map.of("bench", "raw")))
        .getRunId();
  }

  private static void put(S3Client s3, List<String> patients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (String patient : patients) {
        String key = CX + "/" + patient + "/" + CX + "_" + patient + "_summary.pdf";
        puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("%PDF-1.4 bench"))));
      }
      for (Future<?> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

}
