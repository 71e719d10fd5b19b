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
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.WebhookReceiver;
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
 * redelivery-delivered.json}, {@code webhook-ping-answered.json}. From the e2e suite: {@code
 * real-server-*.json}. A new versioned change gets new file names here.
 */
@EnabledIfSystemProperty(named = "recordHistories", matches = "true")
class HistoryRecorder {

  private static final Path OUT = Path.of("src/test/resources/histories");
  private static final String CX = "cx-replay";

  @Test
  void recordHistories() throws Exception {
    Files.createDirectories(OUT);
    try (InProcessS3 s3 = InProcessS3.start()) {
      // version 1 of FAILED_NOTICE_ID_CHANGE: the failed notice with a messageId of its own, and the
      // redelivery of the documents' message
      record(s3, "notice-id-failed-after-refusals.json", new AtomicInteger(400), "notice-id-redelivery-delivered.json");
      // 410 Gone: one attempt, no notice
      record(s3, "gone-after-410.json", new AtomicInteger(410), null);
    }
  }

  /** Records one run; for a failed one, also its redelivery once the endpoint accepts. Returns the run's patient. */
  private static String record(InProcessS3 s3, String file, AtomicInteger answer, String redeliveryFile)
      throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-1.pdf", new byte[] {1});
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-2.xml", new byte[] {2});
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> answer.get());
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, receiver.url(), "key", WorkerFixture.defaultDelivery())) {
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
        answer.set(200);
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
