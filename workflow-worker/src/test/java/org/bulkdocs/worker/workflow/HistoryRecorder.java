package org.bulkdocs.worker.workflow;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories {@link BulkDownloadReplayTest} replays. Run it when the workflow changes on
 * purpose (and the change is versioned), then commit the files:
 * {@code ./mvnw -pl workflow-worker -am test -Dtest=HistoryRecorder -DrecordHistories=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 *
 * <p>It records only histories of the current code. Files recorded by earlier versions of the
 * workflow are never overwritten: they are the proof that runs started by older workers still replay.
 * Before {@link RunLedger#CHANGE}: {@code delivered-first-attempt.json},
 * {@code delivered-after-retries-and-resigning.json}, {@code failed-after-refusals.json}. Before {@link
 * BulkDownloadWorkflowImpl#FAILED_NOTICE_ID_CHANGE}: {@code ledger-*.json}, {@code
 * redelivery-delivered.json}, {@code webhook-ping-answered.json}. Before {@link
 * BulkDownloadWorkflowImpl#PAGED_DELIVERY_CHANGE}: {@code notice-id-*.json}, {@code gone-after-410.json}.
 * From the e2e suite: {@code real-server-*.json}. A new versioned change gets new file names here.
 */
@EnabledIfSystemProperty(named = "recordHistories", matches = "true")
class HistoryRecorder {

  private static final Path OUT = Path.of("src/test/resources/histories");
  private static final String CX = "cx-replay";

  @Test
  void recordHistories() throws Exception {
    Files.createDirectories(OUT);
    try (InProcessS3 s3 = InProcessS3.start()) {
      // version 1 of PAGED_DELIVERY_CHANGE: pages signed at send time, one page per document here
      WorkerFixture.Paging onePerPage = new WorkerFixture.Paging(1, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES);
      record(s3, "paged-three-pages-delivered.json", n -> 200, null, onePerPage, 3);
      // page 2 answered 503 once, then refused three times: the run fails, with the notice; its redelivery
      record(s3, "paged-page-refused.json", n -> n == 1 ? 503 : n <= 4 ? 400 : 200, "paged-redelivery-delivered.json", onePerPage, 3);
      // no paging: one message, retried
      record(s3, "paged-single-message-retried.json", n -> n == 0 ? 503 : 200, null, WorkerFixture.NO_PAGING, 2);
      // 410 Gone: one attempt, no notice
      record(s3, "paged-gone-after-410.json", n -> 410, null, WorkerFixture.NO_PAGING, 2);
    }
  }

  /** Records one run; for a failed one, also its redelivery once the endpoint accepts. Returns the run's patient. */
  /** @param answer the HTTP status of the n-th (0-based) attempt the endpoint sees */
  private static String record(
      InProcessS3 s3, String file, IntUnaryOperator answer, String redeliveryFile, WorkerFixture.Paging paging, int documents)
      throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    for (int i = 1; i <= documents; i++) {
      s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-" + i + ".pdf", new byte[] {(byte) i});
    }
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    try (WebhookReceiver receiver =
            new WebhookReceiver(() -> ref.get().now(), now -> answer.applyAsInt(calls.getAndIncrement()));
        WorkerFixture fixture =
            WorkerFixture.start(
                s3.properties(), CX, receiver.url(), "key", WorkerFixture.defaultDelivery(), true, paging)) {
      ref.set(fixture);
      WorkflowStub stub =
          fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of("source", "replay-test"));
      try {
        stub.getResult(BulkDownloadResult.class);
      } catch (WorkflowFailedException expectedForFailureHistories) {
        // the history of a failed run is just as worth replaying
      }
      Files.writeString(
          OUT.resolve(file), fixture.client().fetchHistory(patient).toJson(true), StandardCharsets.UTF_8);

      LedgerEntry failed =
          fixture.ledger().entries(CX, WebhookLedger.State.FAILED, 1000).stream()
              .filter(e -> e.patientId().equals(patient))
              .findFirst()
              .orElse(null);
      if (failed != null && redeliveryFile != null) {
        fixture.startRedelivery(failed).getResult(BulkDownloadResult.class);
        String redelivery = WebhookWorkflowIds.redelivery(failed.messageId());
        Files.writeString(
            OUT.resolve(redeliveryFile),
            fixture.client().fetchHistory(redelivery).toJson(true),
            StandardCharsets.UTF_8);
      }
      return patient;
    }
  }
}
