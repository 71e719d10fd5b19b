package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.worker.ping.WebhookPingWorkflowImpl;
import org.bulkdocs.worker.policy.DeliveryPolicyActivities;
import org.bulkdocs.worker.signing.SignUrlsInput;
import org.bulkdocs.worker.signing.UrlSigningActivities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards determinism: every committed history (recorded from real runs by {@link HistoryRecorder},
 * and from the real Temporal server by the e2e suite) must replay against today's workflow code.
 */
class BulkDownloadReplayTest {

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
        load(history), BulkDownloadWorkflowImpl.class, WebhookPingWorkflowImpl.class);
  }

  @Test
  void theReplayerCatchesANonDeterministicChange() throws Exception {
    Path history = histories().filter(p -> p.endsWith("delivered-first-attempt.json")).findFirst().orElseThrow();
    RuntimeException failure =
        assertThrows(
            RuntimeException.class,
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    load(history), SignsBeforeListingWorkflow.class));
    String message = String.valueOf(failure.getMessage()) + " " + failure.getCause();
    assertTrue(
        message.contains("NonDeterministicException") || message.contains("TMPRL1100"),
        "expected a non-determinism error, got: " + message);
  }

  /** The committed histories cover both sides of the versioned ledger change, and redeliveries. */
  @Test
  void historiesFromBeforeAndAfterTheLedgerChangeAreBothCommitted() throws Exception {
    Path dir = Path.of(BulkDownloadReplayTest.class.getResource("/histories").toURI());
    List<HistoryEvent> before = load(dir.resolve("failed-after-refusals.json")).getEvents();
    List<HistoryEvent> after = load(dir.resolve("ledger-failed-after-refusals.json")).getEvents();
    List<HistoryEvent> redelivery = load(dir.resolve("redelivery-delivered.json")).getEvents();

    assertFalse(markers(before).contains("Version"));
    assertFalse(activityTypes(before).contains("RecordFailed"));
    assertTrue(markers(after).contains("Version"), "the change is guarded by a version marker");
    assertTrue(activityTypes(after).containsAll(List.of("RecordProcessing", "RecordFailed")));
    assertTrue(activityTypes(redelivery).containsAll(List.of("RecordProcessing", "RecordDelivered")));
    String input =
        redelivery.get(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0).getData()
            .toStringUtf8();
    assertTrue(input.contains("\"redeliveryOf\":\""), input);
  }

  /** Before FAILED_NOTICE_ID_CHANGE the notice reused the documents' messageId; after it, its own. */
  @Test
  void historiesFromBeforeAndAfterTheFailedNoticeChangeAreBothCommitted() throws Exception {
    Path dir = Path.of(BulkDownloadReplayTest.class.getResource("/histories").toURI());
    List<String> before = deliveredMessageIds(load(dir.resolve("ledger-failed-after-refusals.json")).getEvents());
    List<HistoryEvent> afterEvents = load(dir.resolve("notice-id-failed-after-refusals.json")).getEvents();
    List<String> after = deliveredMessageIds(afterEvents);

    assertEquals(4, before.size(), "3 refused deliveries and the notice");
    assertEquals(1, Set.copyOf(before).size(), "the old notice reused the documents' messageId");
    assertEquals(4, after.size());
    assertEquals(1, Set.copyOf(after.subList(0, 3)).size());
    assertNotEquals(after.get(0), after.get(3), "the notice has a messageId of its own");
    assertTrue(
        afterEvents.stream()
            .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
            .anyMatch(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString()
                .contains(BulkDownloadWorkflowImpl.FAILED_NOTICE_ID_CHANGE)),
        "the change is guarded by its version marker");
  }

  /**
   * Before PAGED_DELIVERY_CHANGE a run signed a staged copy and sent it as one message; after it, each
   * page is signed in its own delivery attempt, under its own messageId, and no signed copy exists.
   */
  @Test
  void historiesFromBeforeAndAfterThePagingChangeAreBothCommitted() throws Exception {
    Path dir = Path.of(BulkDownloadReplayTest.class.getResource("/histories").toURI());
    List<HistoryEvent> before = load(dir.resolve("notice-id-failed-after-refusals.json")).getEvents();
    List<HistoryEvent> after = load(dir.resolve("paged-three-pages-delivered.json")).getEvents();

    assertTrue(activityTypes(before).contains("SignUrls"));
    assertFalse(activityTypes(after).contains("SignUrls"), "no staged signed copy");
    assertEquals(3, activityTypes(after).stream().filter("DeliverPage"::equals).count());
    List<String> pageIds =
        after.stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
            .filter(a -> a.getActivityType().getName().equals("DeliverPage"))
            .map(a -> {
              Matcher m = MESSAGE_ID.matcher(a.getInput().getPayloads(0).getData().toStringUtf8());
              assertTrue(m.find());
              return m.group(1);
            })
            .toList();
    assertEquals(3, Set.copyOf(pageIds).size(), "each page has its own messageId");
    for (var events : List.of(before, after)) {
      boolean marked =
          events.stream()
              .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
              .anyMatch(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString()
                  .contains(BulkDownloadWorkflowImpl.PAGED_DELIVERY_CHANGE));
      assertEquals(events == after, marked, "only runs after the change carry its version marker");
    }
  }

  private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

  /** The messageId given to every DeliverWebhook activity, in order. */
  private static List<String> deliveredMessageIds(List<HistoryEvent> events) {
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .filter(a -> a.getActivityType().getName().equals("DeliverWebhook"))
        .map(a -> {
          Matcher m = MESSAGE_ID.matcher(a.getInput().getPayloads(0).getData().toStringUtf8());
          assertTrue(m.find());
          return m.group(1);
        })
        .toList();
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

  /** A plausible but incompatible edit: signing first, as if the listing step had been dropped. */
  public static class SignsBeforeListingWorkflow implements BulkDownloadWorkflow {

    @Override
    public BulkDownloadResult run(BulkDownloadRequest request) {
      Workflow.newLocalActivityStub(
              DeliveryPolicyActivities.class,
              LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build())
          .currentDeliveryPolicy();
      Workflow.newActivityStub(
              UrlSigningActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build())
          .signUrls(new SignUrlsInput(request.requestId(), "unlisted"));
      return new BulkDownloadResult(request.requestId(), "completed", 0, 0);
    }

    @Override
    public BulkDownloadProgress progress() {
      return null;
    }
  }
}
