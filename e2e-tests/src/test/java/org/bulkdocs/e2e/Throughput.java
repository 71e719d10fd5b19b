package org.bulkdocs.e2e;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bulkdocs.contract.bulk.BulkDownloadResult;

/**
 * Runs per second end to end, measured the same way for the product and for its baseline: every
 * patient's run started by {@code clients} callers at once, until the last verified message arrived.
 * The baseline is {@link BareDelivery.MinimalWorkflow} (one activity doing the same listing, signing
 * and POST) on the same Temporal server, whose worker runs in the calling JVM.
 */
final class Throughput {

  /** One caller's call for one patient; returns the requestId the webhook will carry. */
  interface Call {
    String apply(String patient) throws Exception;
  }

  private final WorkflowClient client;
  private final VerifyingReceiver receiver;
  private final int clients;

  Throughput(WorkflowClient client, VerifyingReceiver receiver, int clients) {
    this.client = client;
    this.receiver = receiver;
    this.clients = clients;
  }

  /** The product: each patient triggered through the API (10 documents each); waits for every run to close. */
  double productRuns(List<String> patients, Call trigger) throws Exception {
    long started = System.nanoTime();
    List<String> requestIds = inParallel(patients, trigger);
    double perSecond = patients.size() / ((lastArrival(requestIds) - started) / 1e9);
    for (String patient : patients) {
      awaitClosed(patient);
    }
    return perSecond;
  }

  /** The baseline: the minimal workflow started straight on Temporal for each patient. */
  double minimalRuns(List<String> patients, String cxId) throws Exception {
    long started = System.nanoTime();
    List<String> requestIds =
        inParallel(
            patients,
            patient -> {
              String requestId = UUID.randomUUID().toString();
              BareDelivery.MinimalWorkflow workflow =
                  client.newWorkflowStub(
                      BareDelivery.MinimalWorkflow.class,
                      WorkflowOptions.newBuilder()
                          .setWorkflowId("minimal-" + requestId)
                          .setTaskQueue(BareDelivery.MinimalWorkflow.TASK_QUEUE)
                          .build());
              WorkflowClient.start(workflow::deliver, cxId, patient, requestId);
              return requestId;
            });
    return patients.size() / ((lastArrival(requestIds) - started) / 1e9);
  }

  /** The run's clean-up and ledger steps follow the delivery; a new trigger before they end would attach. */
  void awaitClosed(String patient) {
    client.newUntypedWorkflowStub(patient).getResult(BulkDownloadResult.class);
  }

  private long lastArrival(List<String> requestIds) throws InterruptedException {
    long last = 0;
    for (String requestId : requestIds) {
      last = Math.max(last, receiver.await(requestId, 10, Duration.ofMinutes(10)).lastArrivalNanos);
    }
    return last;
  }

  private List<String> inParallel(List<String> patients, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (String patient : patients) {
        futures.add(pool.submit(() -> call.apply(patient)));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
