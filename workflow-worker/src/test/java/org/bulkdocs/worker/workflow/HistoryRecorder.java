package org.bulkdocs.worker.workflow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.TcpProxy;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories {@link BulkDownloadReplayTest} replays:
 * {@code ./mvnw -pl workflow-worker -am test -Dtest=HistoryRecorder -DrecordHistories=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; the e2e suite records {@code real-server-*.json} from the
 * real server ({@code -DrecordHistories=true} there too).
 *
 * <p>A change to the workflow is versioned ({@code Workflow.getVersion}) and gets new file names here:
 * the files recorded before it are never overwritten, they are the proof that runs started by older
 * workers still replay (docs/workflow-changes.md).
 */
@EnabledIfSystemProperty(named = "recordHistories", matches = "true")
class HistoryRecorder {

  private static final Path OUT = Path.of("src/test/resources/histories");
  private static final String CX = "cx-replay";

  @Test
  void recordHistories() throws Exception {
    Files.createDirectories(OUT);
    try (InProcessS3 s3 = InProcessS3.start()) {
      WorkerFixture.Paging onePerPage = new WorkerFixture.Paging(1, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES);
      // one page per document: three messages, each signed as it goes
      record(s3, "three-pages-delivered.json", n -> 200, null, onePerPage, 3, null);
      // page 2 answered 503 once, then refused three times: the run fails, with the notice; its redelivery
      record(s3, "page-refused.json", n -> n == 1 ? 503 : n <= 4 ? 400 : 200, "redelivery-delivered.json", onePerPage, 3, null);
      // one message, delivered with the listing on the second try
      record(s3, "single-message-retried.json", n -> n == 0 ? 503 : 200, null, WorkerFixture.NO_PAGING, 2, null);
      // 410 Gone: one attempt, no notice
      record(s3, "gone-after-410.json", n -> 410, null, WorkerFixture.NO_PAGING, 2, null);
      // S3 cut off for ten minutes: the listing waits for it, then the message goes
      try (TcpProxy link = new TcpProxy(s3.endpoint().getPort())) {
        record(s3, "listing-waited-for-s3.json", n -> 200, null, WorkerFixture.NO_PAGING, 2, link);
      }
      // the customer cancels while the first attempt waits on an endpoint that does not answer
      recordCancelled(s3, "cancelled-during-attempt.json");
    }
  }

  /**
   * Records one run; for a failed one, also its redelivery once the endpoint accepts. Returns the run's
   * patient.
   *
   * @param answer the HTTP status of the n-th (0-based) attempt the endpoint sees
   * @param s3Link when set, S3 is reached through it, cut off for the run's first ten minutes
   */
  private static String record(
      InProcessS3 s3,
      String file,
      IntUnaryOperator answer,
      String redeliveryFile,
      WorkerFixture.Paging paging,
      int documents,
      TcpProxy s3Link)
      throws Exception {
    String patient = seed(s3, documents);
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    try (WebhookReceiver receiver =
            new WebhookReceiver(() -> ref.get().now(), now -> answer.applyAsInt(calls.getAndIncrement()));
        WorkerFixture fixture =
            WorkerFixture.start(
                s3Link == null ? s3.properties() : s3.propertiesVia(s3Link.port()),
                CX,
                receiver.url(),
                "key",
                WorkerFixture.defaultDelivery(),
                true,
                paging)) {
      ref.set(fixture);
      if (s3Link != null) {
        s3Link.cut();
        fixture.after(Duration.ofMinutes(10), () -> {
          try {
            s3Link.restore();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
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

  /** A run cancelled ({@code DELETE …/bulk}) while its first attempt waits on the endpoint. */
  private static void recordCancelled(InProcessS3 s3, String file) throws Exception {
    String patient = seed(s3, 1);
    AtomicInteger arrived = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (MockWebServer silent = new MockWebServer()) {
      silent.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              arrived.incrementAndGet();
              release.await(2, TimeUnit.MINUTES);
              return new MockResponse.Builder().code(200).build();
            }
          });
      silent.start(0);
      try (WorkerFixture fixture =
          WorkerFixture.start(
              s3.properties(), CX, silent.url("/webhook").toString(), "key", WorkerFixture.defaultDelivery(), true,
              WorkerFixture.NO_PAGING)) {
        WorkflowStub run = fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of("source", "replay-test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> arrived.get() == 1);
        run.cancel("cancelled by the customer");
        assertThrows(WorkflowFailedException.class, () -> run.getResult(30, TimeUnit.SECONDS, BulkDownloadResult.class));
        Files.writeString(
            OUT.resolve(file), fixture.client().fetchHistory(patient).toJson(true), StandardCharsets.UTF_8);
      } finally {
        release.countDown();
      }
    }
  }

  private static String seed(InProcessS3 s3, int documents) {
    String patient = "patient-" + UUID.randomUUID();
    for (int i = 1; i <= documents; i++) {
      s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-" + i + ".pdf", new byte[] {(byte) i});
    }
    return patient;
  }
}
