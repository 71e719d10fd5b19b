package org.bulkdocs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bulkdocs.testsupport.BenchTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Runs per second end to end on the production topology ({@code deploy/native/stack.sh}: Temporal's
 * server on PostgreSQL, versitygw, two API instances taking the triggers in turn), with two workers and
 * with one, against {@link BareDelivery.MinimalWorkflow} on the same Temporal server. Prints the CPU
 * each component spent per run: on one machine, that is where the limit is.
 *
 * <p>Run with {@code bench/run.sh topology}, which starts the stack for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologyBenchmark {

  private static final Path OUT = Path.of("target", "bench").toAbsolutePath();
  private static final int RUNS = Integer.getInteger("bench.runs", 500);
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmupRounds", 4);
  private static final int CLIENTS = 16;
  private static final List<String> MEASURED = List.of("temporal", "postgres", "s3", "api-1", "api-2", "worker-1", "worker-2");
  private static final Pattern WEBHOOK_KEY = Pattern.compile("\"webhookKey\":\"([^\"]+)\"");

  private NativeStack stack;
  private VerifyingReceiver receiver;
  private WorkflowServiceStubs service;
  private WorkerFactory minimalWorkers;
  private S3Client s3;
  private S3Presigner presigner;
  private Throughput throughput;
  private final AtomicInteger nextApi = new AtomicInteger();

  @BeforeAll
  void connect() throws Exception {
    Files.createDirectories(OUT);
    stack = NativeStack.running();
    receiver = new VerifyingReceiver("not-set-yet");
    HttpResponse<String> settings = stack.send(0, "POST", "/settings", "{\"webhookUrl\":\"" + receiver.url() + "\"}");
    Matcher key = WEBHOOK_KEY.matcher(settings.body());
    if (settings.statusCode() != 200 || !key.find()) {
      throw new IllegalStateException("POST /settings: " + settings.statusCode() + " " + settings.body());
    }
    receiver.verifyWith(key.group(1));
    service = stack.temporal();
    WorkflowClient client = stack.temporalClient(service);
    s3 = stack.s3();
    presigner = stack.presigner();
    BareDelivery bare = new BareDelivery(s3, presigner, stack.bucket(), receiver.url(), key.group(1));
    minimalWorkers = WorkerFactory.newInstance(client);
    var minimal = minimalWorkers.newWorker(BareDelivery.MinimalWorkflow.TASK_QUEUE);
    minimal.registerWorkflowImplementationTypes(BareDelivery.MinimalWorkflowImpl.class);
    minimal.registerActivitiesImplementations(new BareDelivery.MinimalActivitiesImpl(bare));
    minimalWorkers.start();
    throughput = new Throughput(client, receiver, CLIENTS);
  }

  @AfterAll
  void disconnect() {
    if (minimalWorkers != null) {
      minimalWorkers.shutdownNow();
    }
    if (service != null) {
      service.shutdownNow();
    }
    if (presigner != null) {
      presigner.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void runsPerSecondWithTwoWorkersAndWithOne() throws Exception {
    BenchTable table = new BenchTable("Topology: end to end on Temporal's server on PostgreSQL, two API instances");
    List<String> warm = stack.seedPatients("bench-warm", RUNS / 5, 10);
    List<String> small = stack.seedPatients("bench-small", RUNS, 10);
    // The JIT of every process settles over the first few thousand runs.
    for (int round = 0; round < WARMUP_ROUNDS; round++) {
      throughput.productRuns(warm, this::trigger);
      throughput.minimalRuns(warm, stack.customerId);
    }
    Map<String, Duration> before = cpu();
    double minimal = throughput.minimalRuns(small, stack.customerId);
    Map<String, Duration> afterMinimal = cpu();
    double twoWorkers = throughput.productRuns(small, this::trigger);
    Map<String, Duration> afterTwo = cpu();
    printCpuPerRun("minimal workflow", before, afterMinimal);
    printCpuPerRun("product, two workers", afterMinimal, afterTwo);
    table.row(String.format(Locale.ROOT, "end to end, %d patients x 10 documents, two workers: runs/s", RUNS), twoWorkers, minimal, "", true);

    stack.stop("worker-2");
    try {
      throughput.productRuns(warm, this::trigger);
      Map<String, Duration> from = cpu();
      double oneWorker = throughput.productRuns(small, this::trigger);
      printCpuPerRun("product, one worker", from, cpu());
      table.row(String.format(Locale.ROOT, "end to end, %d patients x 10 documents, one worker: runs/s", RUNS), oneWorker, minimal, "", true);
    } finally {
      stack.start("worker-2");
    }
    assertEquals(0, receiver.refused(), "every message's signature verified");
    table.print(OUT.resolve("topology.md"));
  }

  /** Both API instances take the triggers in turn, as a load balancer would give them. */
  private String trigger(String patient) throws Exception {
    return stack.trigger(Math.floorMod(nextApi.getAndIncrement(), 2), patient);
  }

  private Map<String, Duration> cpu() throws Exception {
    Map<String, Duration> cpu = new LinkedHashMap<>();
    for (String component : MEASURED) {
      cpu.put(component, stack.cpu(component));
    }
    cpu.put("bench JVM", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
    return cpu;
  }

  private static void printCpuPerRun(String what, Map<String, Duration> from, Map<String, Duration> to) {
    StringBuilder line = new StringBuilder("TopologyBenchmark CPU ms per run, " + what + ":");
    for (String component : from.keySet()) {
      double millis = (to.get(component).toMillis() - from.get(component).toMillis()) / (double) RUNS;
      line.append(String.format(Locale.ROOT, " %s %.1f,", component, Math.max(0, millis)));
    }
    System.out.println(line.substring(0, line.length() - 1));
  }
}
