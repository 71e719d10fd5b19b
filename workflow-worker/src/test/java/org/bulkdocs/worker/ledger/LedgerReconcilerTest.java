package org.bulkdocs.worker.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowStub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger.State;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A run that ends without its own ledger step (here: terminated) does not leave its message "processing". */
class LedgerReconcilerTest {

  private static final String CX = "cx-reconcile";

  @Test
  void aTerminatedRunsMessageBecomesFailedWhileALiveRunsStaysProcessing() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start()) {
      String terminated = patient(s3);
      String alive = patient(s3);
      AtomicReference<WorkerFixture> ref = new AtomicReference<>();
      try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> 503);
          WorkerFixture fixture =
              WorkerFixture.start(s3.properties(), CX, receiver.url(), "key", WorkerFixture.defaultDelivery())) {
        ref.set(fixture);
        String terminatedRequest = UUID.randomUUID().toString();
        String aliveRequest = UUID.randomUUID().toString();
        WorkflowStub toTerminate = fixture.startRun(CX, terminated, terminatedRequest, Map.of("a", "1"));
        fixture.startRun(CX, alive, aliveRequest, Map.of());
        awaitProcessing(fixture, 2);
        // both runs' first attempt was refused, so each staged its listing for the next
        awaitStaged(s3, terminatedRequest);
        awaitStaged(s3, aliveRequest);
        toTerminate.terminate("operator: test");
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(3)), ZoneOffset.UTC);
        LedgerReconciler reconciler =
            new LedgerReconciler(fixture.ledger(), fixture.requests(), fixture.client(), fixture.staging(), RETENTION, later);

        assertEquals(1, reconciler.reconcile());
        assertEquals(0, s3.countUnder(WorkerFixture.STAGING_PREFIX + terminatedRequest + "/"), "the ended run's staging deleted");
        assertTrue(s3.countUnder(WorkerFixture.STAGING_PREFIX + aliveRequest + "/") > 0, "the live run's kept");

        LedgerEntry failed = fixture.ledger().entries(CX, State.FAILED, 10).get(0);
        assertEquals(terminated, failed.patientId());
        assertEquals(Map.of("a", "1"), failed.metadata());
        assertEquals(LedgerReconciler.ENDED_REASON, failed.failureReason());
        assertEquals(alive, fixture.ledger().entries(CX, State.PROCESSING, 10).get(0).patientId());
        assertEquals(0, reconciler.reconcile(), "nothing more to do");

        Clock pastRetention = Clock.fixed(Instant.now().plus(Duration.ofDays(31)), ZoneOffset.UTC);
        new LedgerReconciler(fixture.ledger(), fixture.requests(), fixture.client(), fixture.staging(), RETENTION, pastRetention).reconcile();
        assertEquals(0, fixture.ledger().count(CX, State.FAILED), "a failed entry is kept for the retention, not forever");
      }
    }
  }

  @Test
  void entriesYoungerThanTheMinimumAgeAreLeftToTheirRun() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start()) {
      String patient = patient(s3);
      AtomicReference<WorkerFixture> ref = new AtomicReference<>();
      try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> 503);
          WorkerFixture fixture =
              WorkerFixture.start(s3.properties(), CX, receiver.url(), "key", WorkerFixture.defaultDelivery())) {
        ref.set(fixture);
        fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of()).terminate("right away");
        WorkflowStub other = fixture.startRun(CX, patient(s3), UUID.randomUUID().toString(), Map.of());
        awaitProcessing(fixture, 1);
        other.terminate("operator: test");
        // (the run terminated right away may or may not have tracked its message before it ended)

        assertEquals(
            0, new LedgerReconciler(fixture.ledger(), fixture.requests(), fixture.client(), fixture.staging(), RETENTION).reconcile());
        assertEquals(0, fixture.ledger().count(CX, State.FAILED), "young entries are left alone");
        assertTrue(fixture.ledger().count(CX, State.PROCESSING) >= 1);
      }
    }
  }

  private static final LedgerProperties RETENTION = new LedgerProperties(Duration.ofDays(30));

  private static void awaitStaged(InProcessS3 s3, String requestId) {
    Awaitility.await("the run staged its listing")
        .atMost(Duration.ofSeconds(30))
        .until(() -> s3.countUnder(WorkerFixture.STAGING_PREFIX + requestId + "/") > 0);
  }

  private static String patient(InProcessS3 s3) {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc.pdf", new byte[] {1});
    return patient;
  }

  /** Until the runs have recorded their messages as processing in the ledger (in S3). */
  private static void awaitProcessing(WorkerFixture fixture, int expected) {
    Awaitility.await("the runs recorded their messages")
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.ledger().count(CX, State.PROCESSING) >= expected);
  }
}
