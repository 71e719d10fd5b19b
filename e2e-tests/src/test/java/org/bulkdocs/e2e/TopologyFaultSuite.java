package org.bulkdocs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The fault suite on the production topology ({@code deploy/native/stack.sh}: Temporal's server on
 * PostgreSQL, two workers, two API instances): kill -9 of one worker while the other serves, kill -9
 * of the Temporal server, a PostgreSQL restart, kill -9 of one API instance during triggers with the
 * clients failing over to the other; and the rate limits holding for the deployment, not per instance.
 * The customer's endpoint is a {@link DeliveryRecorder} set with POST /settings, as a customer would.
 *
 * <p>Run with {@code bash .ci/topology.sh} (also part of {@code .ci/run}), which starts the stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyFaultSuite {

  private static final Path OUT = Path.of("target", "topology").toAbsolutePath();
  private static final int RUNS = Integer.getInteger("faults.runs", 60);
  private static final int DOCUMENTS = Integer.getInteger("faults.documents", 20);
  /** The durability goal: no run waits on a dead worker longer than this. */
  private static final Duration RECOVERY_GOAL = Duration.ofSeconds(30);
  /** The deployment's POST /settings/webhook/retry burst (the API's default), shared by both instances. */
  private static final int WEBHOOK_RETRY_BURST = 3;

  private final long seed = Long.getLong("faults.seed", System.currentTimeMillis());
  private final Random random = new Random(seed);
  private final List<String> notes = new ArrayList<>();
  private NativeStack stack;
  private DeliveryRecorder endpoint;
  private DeliveryAudit audit;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  @BeforeAll
  void start() throws Exception {
    Files.createDirectories(OUT);
    System.out.println("topology fault suite: seed " + seed + " (-Dfaults.seed=" + seed + " repeats the kill moments)");
    stack = NativeStack.running();
    endpoint = new DeliveryRecorder();
    service = stack.temporal();
    client = stack.temporalClient(service);
    audit = new DeliveryAudit(endpoint, this::statusOf);
    HttpResponse<String> settings =
        send(0, "POST", "/settings", "{\"webhookUrl\":\"" + endpoint.url() + "\"}");
    assertEquals(200, settings.statusCode(), "POST /settings: " + settings.body());
  }

  @AfterAll
  void stop() throws Exception {
    String report =
        audit.report("Fault suite on the production topology (" + RUNS + " runs x " + DOCUMENTS + " documents per case, seed " + seed + ")")
            + (notes.isEmpty() ? "" : "\n" + String.join("\n", notes) + "\n");
    System.out.println("\n" + report);
    Files.writeString(OUT.resolve("faults.md"), report);
    if (service != null) {
      service.shutdownNow();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  /**
   * Each case's endpoint answers a second after a message arrives, so that the fault finds deliveries
   * in flight: two workers finish 60 small runs in about a second otherwise.
   */
  private static final Duration SLOW_ANSWER = Duration.ofSeconds(1);

  @Test
  @Order(1)
  void oneWorkerKilledWhileTheOtherKeepsServing() throws Exception {
    Map<String, String> runs = runsInFlight("kill-one-worker");
    stack.kill("worker-1");
    long killedAt = System.currentTimeMillis();
    try {
      long recovered = audit.awaitEveryRunDelivered("kill -9 of worker-1, worker-2 serving alone", runs, killedAt);
      assertTrue(recovered <= RECOVERY_GOAL.toSeconds(), "last delivery " + recovered + " s after the kill");
    } finally {
      stack.start("worker-1");
    }
  }

  @Test
  @Order(2)
  void temporalServerKilledMidRunAndStartedAgain() throws Exception {
    Map<String, String> runs = runsInFlight("kill-temporal");
    long backAt = downForFiveSeconds("temporal", () -> stack.kill("temporal"));
    audit.awaitEveryRunDelivered("kill -9 of the Temporal server, started again after 5 s", runs, backAt);
    // only a crash between the endpoint's 2xx and the record of it can deliver a message twice
    int duplicates = audit.duplicates(runs);
    assertTrue(duplicates <= 1, duplicates + " messages delivered twice");
  }

  @Test
  @Order(3)
  void postgresRestartedMidRun() throws Exception {
    Map<String, String> runs = runsInFlight("restart-postgres");
    long backAt = downForFiveSeconds("postgres", () -> stack.stop("postgres"));
    audit.awaitEveryRunDelivered("PostgreSQL stopped (fast shutdown), started again after 5 s", runs, backAt);
    // only a crash between the endpoint's 2xx and the record of it can deliver a message twice
    int duplicates = audit.duplicates(runs);
    assertTrue(duplicates <= 1, duplicates + " messages delivered twice");
  }

  /**
   * The customer's endpoint is down throughout the triggers, so every run is still in progress when a
   * client retries: a retry that reaches the other instance must attach to the run the killed instance
   * started, not start a second one.
   */
  @Test
  @Order(4)
  void apiInstanceKilledDuringTriggersClientsFailOverToTheOther() throws Exception {
    endpoint.answerAfter(Duration.ZERO);
    endpoint.down();
    List<String> patients = seedPatients("kill-api");
    Map<String, Long> failedOverAt = new ConcurrentHashMap<>();
    AtomicInteger answered = new AtomicInteger();
    var pool = Executors.newFixedThreadPool(8);
    Map<String, String> runs;
    try {
      Map<String, Future<String>> calls = new HashMap<>();
      for (String patient : patients) {
        calls.put(
            patient,
            pool.submit(
                () -> {
                  String requestId;
                  try {
                    requestId = trigger(0, patient);
                  } catch (IOException lost) {
                    failedOverAt.put(patient, System.currentTimeMillis());
                    requestId = trigger(1, patient);
                  }
                  answered.incrementAndGet();
                  return requestId;
                }));
      }
      Awaitility.await("a third of the triggers answered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
          .until(() -> answered.get() >= RUNS / 3);
      stack.kill("api-1");
      runs = new HashMap<>();
      for (var call : calls.entrySet()) {
        runs.put(call.getKey(), call.getValue().get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertFalse(failedOverAt.isEmpty(), "no trigger reached api-1 after its kill: the case tested nothing");
    int startedByTheKilledInstance = 0;
    for (var failover : failedOverAt.entrySet()) {
      long started = client.newUntypedWorkflowStub(failover.getKey()).describe().getStartTime().toEpochMilli();
      if (started < failover.getValue()) {
        startedByTheKilledInstance++;
      }
    }
    for (var run : runs.entrySet()) {
      assertEquals(run.getValue(), trigger(1, run.getKey()), "a retrigger of " + run.getKey() + " on api-2 during its run");
    }
    endpoint.up();
    long upAt = System.currentTimeMillis();
    try {
      audit.awaitEveryRunDelivered("kill -9 of api-1 during triggers, clients failing over to api-2", runs, upAt);
      for (String patient : patients) {
        assertEquals(1, runsOf(patient), "runs of " + patient);
      }
    } finally {
      stack.start("api-1");
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "kill -9 of api-1: %d of %d triggers failed over to api-2; %d of them had reached Temporal through api-1"
                + " before it died, and got that run's requestId from api-2; one run per patient.",
            failedOverAt.size(), RUNS, startedByTheKilledInstance));
  }

  /** Each application's own S3 account, with compose's permissions (deploy/s3/policies.sh). */
  @Test
  @Order(6)
  void neitherApplicationCanChangeADocument() throws Exception {
    String document = stack.seedPatients("least-privilege-" + seed, 1, 1).get(0);
    String key = stack.customerId + "/" + document + "/" + stack.customerId + "_" + document + "_doc-0.pdf";
    try (S3Client api = stack.s3Of("api-1");
        S3Client worker = stack.s3Of("worker-1")) {
      assertEquals(1, api.listObjectsV2(b -> b.bucket(stack.bucket()).prefix(stack.customerId + "/" + document + "/")).keyCount());
      assertEquals(403, statusOf(() -> api.getObjectAsBytes(b -> b.bucket(stack.bucket()).key(key))), "the API reads a document");
      assertEquals(403, statusOf(() -> api.putObject(b -> b.bucket(stack.bucket()).key(key), RequestBody.fromString("x"))), "the API writes a document");
      assertEquals("%PDF 0", worker.getObjectAsBytes(b -> b.bucket(stack.bucket()).key(key)).asUtf8String());
      assertEquals(403, statusOf(() -> worker.putObject(b -> b.bucket(stack.bucket()).key(key), RequestBody.fromString("x"))), "the worker writes a document");
      assertEquals(403, statusOf(() -> worker.deleteObject(b -> b.bucket(stack.bucket()).key(key))), "the worker deletes a document");
    }
    notes.add("S3 accounts: the API lists documents but cannot read or write one; the worker reads them but cannot write or delete one (403 each).");
  }

  private static int statusOf(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (S3Exception refused) {
      return refused.statusCode();
    }
  }

  /** Two instances, one budget: POST /settings/webhook/retry alternating between them. */
  @Test
  @Order(5)
  void rateLimitsHoldForTheDeploymentNotPerInstance() throws Exception {
    int accepted = 0;
    int refused = 0;
    for (int call = 0; call < 10; call++) {
      int status = send(call % 2, "POST", "/settings/webhook/retry", "").statusCode();
      if (status == 200) {
        accepted++;
      } else if (status == 429) {
        refused++;
      }
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "rate limit across instances: 10 webhook retries alternating between api-1 and api-2: %d accepted, %d refused"
                + " (deployment burst %d; per instance without the shared rule it would be %d).",
            accepted, refused, WEBHOOK_RETRY_BURST, 2 * WEBHOOK_RETRY_BURST));
    assertEquals(10, accepted + refused, "every call is either accepted or refused with 429");
    assertTrue(accepted >= 1 && accepted <= WEBHOOK_RETRY_BURST, accepted + " accepted by the deployment");
  }

  private interface Fault {
    void happen() throws Exception;
  }

  /** {@code RUNS} runs triggered through both instances, some still delivering: the moment for a fault. */
  private Map<String, String> runsInFlight(String name) throws Exception {
    endpoint.answerAfter(SLOW_ANSWER);
    Map<String, String> runs = DeliveryAudit.triggerAll(seedPatients(name), this::triggerRoundRobin);
    Thread.sleep(200 + random.nextInt(800));
    audit.assertWorkInFlight(name, runs);
    return runs;
  }

  /** The fault takes the component down; 5 s later it is started again. Returns when the start began. */
  private long downForFiveSeconds(String component, Fault fault) throws Exception {
    fault.happen();
    Thread.sleep(5_000);
    long startedAt = System.currentTimeMillis();
    stack.start(component);
    return startedAt;
  }

  /** {@code RUNS} new patients with {@code DOCUMENTS} documents each. */
  private List<String> seedPatients(String name) throws Exception {
    return stack.seedPatients(name + "-" + seed, RUNS, DOCUMENTS);
  }

  private final AtomicInteger nextApi = new AtomicInteger();

  /** Both instances serving: triggers alternate between them, as a load balancer would send them. */
  private String triggerRoundRobin(String patientId) throws Exception {
    return trigger(Math.floorMod(nextApi.getAndIncrement(), 2), patientId);
  }

  private String trigger(int api, String patientId) throws IOException, InterruptedException {
    return stack.trigger(api, patientId);
  }

  private HttpResponse<String> send(int api, String method, String path, String json) throws IOException, InterruptedException {
    return stack.send(api, method, path, json);
  }

  private WorkflowExecutionStatus statusOf(String patientId) {
    return client.newUntypedWorkflowStub(patientId).describe().getStatus();
  }

  /** How many runs the patient has had, from Temporal's visibility (PostgreSQL), once it caught up. */
  private long runsOf(String patientId) {
    String query = "WorkflowId = '" + patientId + "' AND ExecutionStatus != 'Running'";
    Awaitility.await("visibility of the runs of " + patientId).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
        .until(() -> client.countWorkflows(query).getCount() > 0);
    return client.countWorkflows("WorkflowId = '" + patientId + "'").getCount();
  }
}
