package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bulkdocs.common.temporal.EncryptionCodec;
import org.bulkdocs.common.temporal.TemporalSecurityConfiguration;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.bulkdocs.worker.delivery.AcceptedMessages;
import org.bulkdocs.worker.delivery.PageDelivery;
import org.bulkdocs.worker.delivery.WebhookActivities;
import org.bulkdocs.worker.ping.WebhookPingWorkflowImpl;
import org.bulkdocs.worker.policy.DeliveryPolicyActivities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards determinism: every committed history (recorded from real runs by {@link HistoryRecorder},
 * and from the real Temporal server by the e2e suite) must replay against today's workflow code.
 */
class BulkDownloadReplayTest {

  /**
   * The services' data converter (payload encryption with the suites' key): histories recorded before
   * encryption (plain payloads) and after it (encrypted ones) must both replay through it. One per
   * replay: a replayer registers the workflow types on the environment's worker.
   */
  private TestWorkflowEnvironment encrypting;

  @BeforeEach
  void startEnvironment() {
    EncryptionCodec codec = EncryptionCodec.fromSettings(TestKeyEncryption.PAYLOAD_KEYS, TestKeyEncryption.PAYLOAD_ACTIVE);
    encrypting =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder().setDataConverter(TemporalSecurityConfiguration.encrypting(codec)).build())
                .build());
  }

  @AfterEach
  void stopEnvironment() {
    encrypting.close();
  }

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(BulkDownloadReplayTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertFalse(list.isEmpty(), "no committed histories to replay");
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void committedHistoryReplaysAgainstCurrentCode(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        load(history), encrypting, BulkDownloadWorkflowImpl.class, WebhookPingWorkflowImpl.class);
  }

  @Test
  void theReplayerCatchesANonDeterministicChange() throws Exception {
    Path history = histories().filter(p -> p.endsWith("real-server-delivered.json")).findFirst().orElseThrow();
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    load(history), encrypting, DeliversBeforeListingWorkflow.class));
    String message = String.valueOf(failure.getMessage()) + " " + failure.getCause();
    assertTrue(
        message.contains("NonDeterministicException") || message.contains("TMPRL1100"),
        "expected a non-determinism error, got: " + message);
  }

  /**
   * The product was first released with this workflow: every committed history is of it (no version
   * markers, only today's activities), recorded by {@link HistoryRecorder} and from the real server. From
   * here on, a change is versioned and its histories from before stay committed beside the new ones.
   */
  @Test
  void theCommittedHistoriesAreOfTheCurrentWorkflowAndIncludeTheRealServers() throws Exception {
    Set<String> current =
        Set.of("CurrentDeliveryPolicy", "ListAndDeliver", "DeliverPage", "DeliverFailedNotice", "RecordDelivered", "RecordFailed", "DeleteStagedData", "SendPing", "RecordPingOutcome");
    List<Path> all = histories().toList();
    assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().startsWith("real-server-")), "a real-server history");
    for (Path file : all) {
      List<HistoryEvent> events = load(file).getEvents();
      assertEquals(List.of(), markers(events).stream().filter("Version"::equals).toList(), file + " has a version marker");
      for (String type : activityTypes(events)) {
        assertTrue(current.contains(type), file + " schedules " + type + ", which the workflow no longer has");
      }
    }
  }

  private static List<String> markers(List<HistoryEvent> events) {
    return events.stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(e -> e.getMarkerRecordedEventAttributes().getMarkerName())
        .toList();
  }

  private static List<String> activityTypes(List<HistoryEvent> events) {
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  private static WorkflowExecutionHistory load(Path file) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** A plausible but incompatible edit: a page delivered before the listing that plans it. */
  public static class DeliversBeforeListingWorkflow implements BulkDownloadWorkflow {

    @Override
    public BulkDownloadResult run(BulkDownloadRequest request) {
      Workflow.newLocalActivityStub(
              DeliveryPolicyActivities.class,
              LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build())
          .currentDeliveryPolicy();
      Workflow.newActivityStub(
              WebhookActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build())
          .deliverPage(
              new PageDelivery(
                  request.cxId(), request.patientId(), request.requestId(), "m", "unlisted", null, 1, request.metadata(),
                  new AcceptedMessages.Scope(request.requestId(), "run"), false, "m", null));
      return new BulkDownloadResult(request.requestId(), "completed", 0, 0, 0, 0);
    }

    @Override
    public BulkDownloadProgress progress() {
      return null;
    }
  }
}
