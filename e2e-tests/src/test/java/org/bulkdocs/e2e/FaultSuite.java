package org.bulkdocs.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The promise under faults: every trigger answered 200 ends delivered, whatever crashes, and no
 * customer's endpoint slows another's deliveries. Real crashes, real lost connections, a real silent
 * endpoint: kill -9 of the worker (on the real dev server and on the SDK's embedded test server), kill -9
 * of the persisted dev server, S3 cut off for 5 minutes, the customer's endpoint refusing connections and
 * back, another customer's endpoint that never answers. Each case prints delivered/total, duplicate
 * deliveries and the seconds from the end of the fault to the last delivery, and fails when a run is
 * lost or stays running.
 *
 * <p>Run with {@code bash .ci/faults.sh} (also part of {@code .ci/run}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuite {

  private static final Path OUT = Path.of("target", "faults").toAbsolutePath();
  private static final int RUNS = Integer.getInteger("faults.runs", 60);
  private static final int DOCUMENTS = Integer.getInteger("faults.documents", 20);
  /** The durability goal: work a dead worker held is done again this soon after it is back. */
  private static final Duration RECOVERY_GOAL = Duration.ofSeconds(30);
  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.outageSeconds", 300));
  private static final int OUTAGE_RUNS = 50;
  private static final int OUTAGE_DOCUMENTS = 100;

  private final long seed = Long.getLong("faults.seed", System.currentTimeMillis());
  private final Random random = new Random(seed);
  private FaultStack stack;
  private DeliveryAudit audit;
  private TemporalDevServer temporal;
  private String isolation;

  @BeforeAll
  void start() throws Exception {
    Files.createDirectories(OUT);
    System.out.println("fault suite: seed " + seed + " (-Dfaults.seed=" + seed + " repeats the kill moments)");
    stack = new FaultStack(OUT);
    audit = new DeliveryAudit(stack.endpoint, stack::statusOf);
    temporal = TemporalDevServer.startPersisted(OUT.resolve("temporal-" + seed + ".db"), OUT.resolve("temporal-dev-server.log"));
    stack.useTemporal(temporal.address(), true);
  }

  @AfterAll
  void stop() throws Exception {
    String report = audit.report("Fault suite (" + RUNS + " runs x " + DOCUMENTS + " documents per case, seed " + seed + ")");
    if (isolation != null) {
      report +=
          "\n| tenant isolation | B alone | B beside A | slowest, beside / alone |\n|---|---:|---:|---:|\n" + isolation + "\n";
    }
    System.out.println("\n" + report);
    Files.writeString(OUT.resolve("faults.md"), report);
    if (stack != null) {
      stack.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  @Order(1)
  void workerKilledThreeTimesOnTheRealServer() throws Exception {
    Map<String, String> runs = triggerAll("kill-worker");
    long lastRestart = killWorkerThreeTimes();
    long recovered = awaitEveryRunDelivered("kill -9 of the worker x3 (dev server)", runs, lastRestart);
    assertTrue(recovered <= RECOVERY_GOAL.toSeconds(), "last delivery " + recovered + " s after the worker's last restart");
  }

  @Test
  @Order(2)
  void devServerKilledMidRunAndStartedAgain() throws Exception {
    Map<String, String> runs = triggerAll("kill-server");
    Thread.sleep(500 + random.nextInt(1000));
    temporal.kill();
    Thread.sleep(5_000);
    long restartedAt = System.currentTimeMillis();
    temporal.restart();
    awaitEveryRunDelivered("kill -9 of the persisted dev server, back after 5 s", runs, restartedAt);
    // only a crash between the endpoint's 2xx and the record of it can deliver a message twice
    int duplicates = audit.duplicates(runs);
    assertTrue(duplicates <= 1, duplicates + " messages delivered twice");
  }

  /** Longer than the server's own retries of a listing: the runs wait for S3, none fails. */
  @Test
  @Order(3)
  void s3UnreachableForFiveMinutes() throws Exception {
    Map<String, String> runs =
        DeliveryAudit.triggerAll(stack.seedPatients("s3-outage", OUTAGE_RUNS, OUTAGE_DOCUMENTS), stack::trigger);
    stack.s3Link.cut();
    System.out.println("fault suite: S3 cut off for " + OUTAGE + " with " + OUTAGE_RUNS + " runs in flight");
    try {
      audit.assertWorkInFlight("S3 outage", runs);
      // the customer sees what the runs in flight wait for (a worker answers; S3 is not needed)
      Awaitility.await("GET …/bulk says a run waits for S3")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> waitingForS3(runs).isPresent());
      System.out.println("fault suite: GET …/bulk during the outage: " + waitingForS3(runs).orElseThrow());
      Thread.sleep(OUTAGE.toMillis());
    } finally {
      stack.s3Link.restore();
    }
    long restoredAt = System.currentTimeMillis();
    long recovered =
        awaitEveryRunDelivered("S3 unreachable for " + OUTAGE.toMinutes() + " min (" + OUTAGE_RUNS + " runs x " + OUTAGE_DOCUMENTS + " documents)", runs, restoredAt);
    assertTrue(recovered <= 60, "last delivery " + recovered + " s after S3 was back");
  }

  @Test
  @Order(4)
  void customerEndpointDownThenBack() throws Exception {
    stack.endpoint.down();
    Map<String, String> runs = triggerAll("endpoint-down");
    Thread.sleep(15_000);
    long upAt = System.currentTimeMillis();
    stack.endpoint.up();
    awaitEveryRunDelivered("customer endpoint refusing connections for 15 s", runs, upAt);
  }

  @Test
  @Order(7)
  void workerKilledThreeTimesOnTheEmbeddedTestServer() throws Exception {
    int port = Ports.free();
    ManagedProcess embedded =
        ManagedProcess.javaJar(
                "local-stack",
                Path.of("..").toAbsolutePath().normalize().resolve("local-stack/target/local-stack.jar"),
                Map.of(
                    "LOCAL_TEMPORAL_PORT", String.valueOf(port),
                    "S3_ENDPOINT", "http://127.0.0.1:" + stack.s3Link.port(),
                    "S3_ACCESS_KEY_ID", org.bulkdocs.testsupport.InProcessS3.ACCESS_KEY,
                    "S3_SECRET_ACCESS_KEY", org.bulkdocs.testsupport.InProcessS3.SECRET_KEY,
                    "LOCAL_INBOX_PORT", String.valueOf(Ports.free()),
                    "LOCAL_DATA_DIR", OUT.resolve("local-stack").toString()),
                OUT.resolve("local-stack.log"))
            .awaitLogLine("[local-stack] ready", Duration.ofSeconds(120));
    try {
      // what run-local.sh does on this server: no sticky execution
      stack.useTemporal("127.0.0.1:" + port, Boolean.getBoolean("faults.embeddedSticky"));
      Map<String, String> runs = triggerAll("kill-worker-embedded");
      long lastRestart = killWorkerThreeTimes();
      long recovered = awaitEveryRunDelivered("kill -9 of the worker x3 (embedded test server)", runs, lastRestart);
      assertTrue(recovered <= RECOVERY_GOAL.toSeconds(), "last delivery " + recovered + " s after the worker's last restart");
    } finally {
      embedded.close();
    }
  }

  /** The status body of one of the first runs not delivered yet that says it waits for S3, if any. */
  private Optional<String> waitingForS3(Map<String, String> runs) throws Exception {
    Map<String, DeliveryRecorder.Delivery> delivered = stack.endpoint.completedByRequestId();
    List<String> inFlight =
        runs.entrySet().stream().filter(e -> !delivered.containsKey(e.getValue())).map(Map.Entry::getKey).limit(10).toList();
    for (String patient : inFlight) {
      String body = stack.status(patient);
      if (body.contains("\"status\":\"processing\"") && body.contains("could not")) {
        return Optional.of(body);
      }
    }
    return Optional.empty();
  }

  /**
   * Customer A's endpoint takes each connection and never answers; A triggers 20 runs. Customer B's 10
   * runs go through as fast as when B is alone, measured side by side in this run.
   */
  @Test
  @Order(6)
  void aSilentCustomerEndpointDoesNotSlowAnotherCustomer() throws Exception {
    List<Long> alone = timedRuns("isolation-alone", "customer B's 10 runs x 10 documents, alone");
    Map<String, String> silent =
        DeliveryAudit.triggerAll(stack.seedPatients(FaultStack.SILENT_CX, "isolation-silent", 20, 10), stack::triggerSilent);
    // every one of A's runs is in its delivery: on the endpoint, or waiting for one of A's slots
    Awaitility.await("the silent customer's deliveries are waiting on its endpoint")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> stack.silentEndpoint.accepted() >= 4 && silent.keySet().stream().allMatch(stack::activityRunning));
    List<Long> beside = timedRuns("isolation-beside", "customer B's 10 runs beside A's 20 on a silent endpoint");
    long slowestAlone = alone.get(alone.size() - 1);
    long slowestBeside = beside.get(beside.size() - 1);
    String line =
        String.format(
            Locale.ROOT,
            "| customer B alone vs beside A's 20 runs on a silent endpoint | p50 %d ms, slowest %d ms | p50 %d ms, slowest %d ms | %.2fx |",
            alone.get(alone.size() / 2), slowestAlone, beside.get(beside.size() / 2), slowestBeside, slowestBeside / (double) slowestAlone);
    System.out.println("fault suite: " + line + " (silent endpoint took " + stack.silentEndpoint.accepted() + " connections)");
    isolation = line;
    for (String patient : silent.keySet()) {
      stack.terminate(patient);
    }
    assertTrue(slowestBeside <= slowestAlone * 1.5, "B's slowest " + slowestBeside + " ms beside A, " + slowestAlone + " ms alone");
  }

  /** Triggers 10 runs x 10 documents of customer B; each run's trigger-to-webhook, sorted. */
  private List<Long> timedRuns(String patients, String name) throws Exception {
    Map<String, Long> triggeredAt = new ConcurrentHashMap<>();
    Map<String, String> runs =
        DeliveryAudit.triggerAll(
            stack.seedPatients(patients, 10, 10),
            patient -> {
              long at = System.currentTimeMillis();
              String requestId = stack.trigger(patient);
              triggeredAt.put(requestId, at);
              return requestId;
            });
    awaitEveryRunDelivered(name, runs, System.currentTimeMillis());
    return audit.latencies(triggeredAt);
  }

  /** Kills the worker at random moments, starting it again each time; returns when the last restart began. */
  private long killWorkerThreeTimes() throws Exception {
    long lastRestart = 0;
    for (int kill = 1; kill <= 3; kill++) {
      long after = 300 + random.nextInt(2_500);
      Thread.sleep(after);
      stack.killWorker();
      System.out.printf(Locale.ROOT, "fault suite: worker killed (kill -9) %d ms after %s%n", after, kill == 1 ? "the triggers" : "its restart");
      lastRestart = System.currentTimeMillis();
      stack.startWorker();
      System.out.printf(Locale.ROOT, "fault suite: worker restarted, ready (health UP) after %.1f s%n", (System.currentTimeMillis() - lastRestart) / 1000.0);
    }
    return lastRestart;
  }

  /** Triggers a run for each of RUNS fresh patients through the API; patientId -> requestId. */
  private Map<String, String> triggerAll(String name) throws Exception {
    return DeliveryAudit.triggerAll(stack.seedPatients(name, RUNS, DOCUMENTS), stack::trigger);
  }

  private long awaitEveryRunDelivered(String name, Map<String, String> runs, long faultEndedAt) throws Exception {
    return audit.awaitEveryRunDelivered(name, runs, faultEndedAt);
  }
}
