package org.bulkdocs.worker.workflow;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.contract.BulkDownloadResult;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WebhookReceiver;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories {@link BulkDownloadReplayTest} replays. Run it when the workflow changes on
 * purpose (and the change is versioned), then commit the files:
 * {@code ./mvnw -pl workflow-worker -am test -Dtest=HistoryRecorder -DrecordHistories=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "recordHistories", matches = "true")
class HistoryRecorder {

  private static final Path OUT = Path.of("src/test/resources/histories");
  private static final String CX = "cx-replay";

  @Test
  void recordHistories() throws Exception {
    Files.createDirectories(OUT);
    try (InProcessS3 s3 = InProcessS3.start()) {
      record(s3, "delivered-first-attempt.json", null, now -> 200);
      AtomicLong acceptFrom = new AtomicLong();
      record(s3, "delivered-after-retries-and-resigning.json", acceptFrom,
          now -> now >= acceptFrom.get() ? 200 : 503);
      record(s3, "failed-after-refusals.json", null, now -> 400);
    }
  }

  private static void record(
      InProcessS3 s3, String file, AtomicLong acceptFrom, java.util.function.ToIntFunction<Long> answer)
      throws Exception {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-1.pdf", new byte[] {1});
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-2.xml", new byte[] {2});
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), answer);
        WorkerFixture fixture =
            WorkerFixture.start(s3.properties(), CX, receiver.url(), "key", WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      if (acceptFrom != null) {
        acceptFrom.set(fixture.now() + Duration.ofHours(2).toMillis());
      }
      WorkflowStub stub =
          fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of("source", "replay-test"));
      try {
        stub.getResult(BulkDownloadResult.class);
      } catch (WorkflowFailedException expectedForFailureHistories) {
        // the history of a failed run is just as worth replaying
      }
      Files.writeString(
          OUT.resolve(file), fixture.client().fetchHistory(patient).toJson(true), StandardCharsets.UTF_8);
    }
  }
}
