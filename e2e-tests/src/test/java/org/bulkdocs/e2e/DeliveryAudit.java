package org.bulkdocs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The promise every fault case checks, whatever the fault: each trigger answered 200 ends with its
 * completed webhook at the customer's endpoint and its run closed completed. Keeps one table row per
 * case: delivered/total, duplicate deliveries, seconds from the end of the fault to the last delivery
 * and to every run closed.
 */
final class DeliveryAudit {

  /** The customer's call for one patient; returns the requestId of the 200. */
  interface Trigger {
    String requestIdFor(String patientId) throws Exception;
  }

  private static final Duration DEADLINE = Duration.ofSeconds(150);

  private final DeliveryRecorder endpoint;
  private final Function<String, WorkflowExecutionStatus> statusOf;
  private final List<String> rows = new ArrayList<>();

  DeliveryAudit(DeliveryRecorder endpoint, Function<String, WorkflowExecutionStatus> statusOf) {
    this.endpoint = endpoint;
    this.statusOf = statusOf;
  }

  /** Triggers a run for each patient, 8 at a time; patientId -> requestId. */
  static Map<String, String> triggerAll(List<String> patients, Trigger trigger) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Map<String, Future<String>> calls = new HashMap<>();
      for (String patient : patients) {
        calls.put(patient, pool.submit(() -> trigger.requestIdFor(patient)));
      }
      Map<String, String> requestIds = new HashMap<>();
      for (var call : calls.entrySet()) {
        requestIds.put(call.getKey(), call.getValue().get());
      }
      return requestIds;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Waits until every run's completed message arrived and every run closed completed; records the
   * case's row. Returns the seconds from {@code faultEndedAt} to the last delivery.
   */
  long awaitEveryRunDelivered(String name, Map<String, String> runs, long faultEndedAt) throws Exception {
    Duration left = Duration.ofMillis(Math.max(1, faultEndedAt + DEADLINE.toMillis() - System.currentTimeMillis()));
    Map<String, DeliveryRecorder.Delivery> arrived;
    try {
      arrived = poll(name + ": every run's message", left)
          .until(endpoint::completedByRequestId, d -> d.keySet().containsAll(runs.values()));
    } catch (ConditionTimeoutException late) {
      arrived = endpoint.completedByRequestId(); // the case's row says what came
    }
    Map<String, DeliveryRecorder.Delivery> got = arrived;
    long count = runs.values().stream().filter(got::containsKey).count();
    long lastArrival =
        runs.values().stream().filter(got::containsKey).mapToLong(r -> got.get(r).arrivedAtMillis()).max().orElse(faultEndedAt);
    long recovered = Math.max(0, Math.round((lastArrival - faultEndedAt) / 1000.0));
    int duplicates = duplicates(runs);
    String row = String.format(Locale.ROOT, "| %s | %d / %d | %d | %d |", name, count, runs.size(), duplicates, recovered);
    if (count < runs.size()) {
      rows.add(row + " - |");
    }
    assertEquals(runs.size(), count, name + ": runs answered 200 whose webhook never arrived");
    for (String patient : runs.keySet()) {
      // delivered, closing (clean-up, ledger); or its delivery is being confirmed again after a crash
      // lost the answer (heartbeat timeout 10 s, then a retry)
      WorkflowExecutionStatus status;
      try {
        status = poll(name + ": run of " + patient + " closed", Duration.ofSeconds(30))
            .until(() -> statusOf.apply(patient), s -> s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      } catch (ConditionTimeoutException stillRunning) {
        status = statusOf.apply(patient);
      }
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        rows.add(row + " - |");
      }
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED, status, name + ": run of " + patient);
    }
    // an upper bound, to the 250 ms poll: a message can arrive while the store that records it is down
    long closed = Math.max(0, Math.round((System.currentTimeMillis() - faultEndedAt) / 1000.0));
    rows.add(row + " " + closed + " |");
    return recovered;
  }

  /** Messages of these runs that arrived more than once (same messageId), counted beyond the first. */
  int duplicates(Map<String, String> runs) {
    Map<String, Integer> perMessage = new HashMap<>();
    for (DeliveryRecorder.Delivery delivery : endpoint.all()) {
      if (runs.containsValue(delivery.requestId())) {
        perMessage.merge(delivery.messageId(), 1, Integer::sum);
      }
    }
    return perMessage.values().stream().mapToInt(n -> n - 1).sum();
  }

  /**
   * Trigger to completed webhook of each run, in milliseconds; {@code triggeredAt} is when each run's call
   * was made (requestId -> epoch millis). Call once every run was delivered.
   */
  List<Long> latencies(Map<String, Long> triggeredAt) {
    Map<String, DeliveryRecorder.Delivery> delivered = endpoint.completedByRequestId();
    return triggeredAt.entrySet().stream()
        .map(e -> delivered.get(e.getKey()).arrivedAtMillis() - e.getValue())
        .sorted()
        .toList();
  }

  /** Fails when every run was already delivered: the fault that follows would hit no work in flight. */
  void assertWorkInFlight(String name, Map<String, String> runs) {
    long delivered = runs.values().stream().filter(endpoint.completedByRequestId()::containsKey).count();
    assertTrue(delivered < runs.size(), name + ": all " + runs.size() + " runs were delivered before the fault");
  }

  /** The table of every case recorded so far, under {@code title}. */
  String report(String title) {
    return "### " + title + "\n\n"
        + "| case | delivered / total | duplicate deliveries | s from end of fault to last delivery | s to every run closed |\n"
        + "|---|---:|---:|---:|---:|\n"
        + String.join("\n", rows) + "\n";
  }

  private static ConditionFactory poll(String what, Duration atMost) {
    return Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250));
  }
}
