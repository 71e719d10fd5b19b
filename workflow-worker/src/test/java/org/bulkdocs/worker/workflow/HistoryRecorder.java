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
import org.bulkdocs.contract.BulkDownloadResult;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.webhook.ledger.LedgerEntry;
import org.bulkdocs.webhook.ledger.WebhookLedger;
import org.bulkdocs.webhook.settings.CustomerSettings;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.ScriptedEndpoint;
import org.bulkdocs.testsupport.WebhookReceiver;
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
 * workflow ({@code delivered-first-attempt.json}, {@code delivered-after-retries-and-resigning.json},
 * {@code failed-after-refusals.json}: before {@link BulkDownloadWorkflowImpl#WEBHOOK_LEDGER_CHANGE};
 * {@code real-server-delivered.json}: from the e2e suite) are never overwritten: they are the proof that
 * runs started by older workers still replay. A new versioned change gets new file names here.
 */
@EnabledIfSystemProperty(named = "recordHistories", matches = "true")
class HistoryRecorder {

  private static final Path OUT = Path.of("src/test/resources/histories");
  private static final String CX = "cx-replay";

  @Test
  void recordHistories() throws Exception {
    Files.createDirectories(OUT);
    try (InProcessS3 s3 = InProcessS3.start()) {
      // version 1 of WEBHOOK_LEDGER_CHANGE: the ledger activities around every delivery
      record(s3, "ledger-delivered-first-attempt.json", new AtomicInteger(200));
      // and a redelivery of the failed message (redelivery-delivered.json)
      record(s3, "ledger-failed-after-refusals.json", new AtomicInteger(400));
      recordPing(s3, "webhook-ping-answered.json");
    }
  }

  /** Records one run; for a failed one, also its redelivery once the endpoint accepts. Returns the run's patient. */
  private static String record(InProcessS3 s3, String file, AtomicInteger answer) throws Exception {
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
      if (failed != null) {
        answer.set(200);
        fixture.startRedelivery(failed).getResult(BulkDownloadResult.class);
        String redelivery = WebhookWorkflowIds.redelivery(failed.messageId());
        Files.writeString(
            OUT.resolve("redelivery-delivered.json"),
            fixture.client().fetchHistory(redelivery).toJson(true),
            StandardCharsets.UTF_8);
      }
      return patient;
    }
  }

  private static void recordPing(InProcessS3 s3, String file) throws Exception {
    try (ScriptedEndpoint endpoint = new ScriptedEndpoint(ScriptedEndpoint::pong);
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, null, null, WorkerFixture.defaultDelivery())) {
      fixture.settings()
          .update(CX, c -> new CustomerSettings(CX, endpoint.url(), "key", "rev-replay", false, "waiting", null));
      fixture.ping(CX, "rev-replay");
      Files.writeString(
          OUT.resolve(file),
          fixture.client().fetchHistory(WebhookWorkflowIds.ping(CX)).toJson(true),
          StandardCharsets.UTF_8);
    }
  }
}
