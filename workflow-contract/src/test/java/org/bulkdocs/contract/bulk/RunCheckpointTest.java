package org.bulkdocs.contract.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run's state moves by steps, and survives the payload converter as continue-as-new carries it. */
class RunCheckpointTest {

  static final DeliveryPolicy POLICY =
      new DeliveryPolicy(
          Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), 3, Duration.ofSeconds(50),
          Duration.ofSeconds(2), Duration.ofSeconds(30));

  @Test
  void eachStepChangesOnlyWhatItIsAbout() {
    RunCheckpoint state = RunCheckpoint.start("m-1", 1_000L, POLICY);
    assertNull(state.listingKey());
    assertFalse(state.listed());
    assertFalse(state.hasFailed());

    state = state.waitingForOutage("S3 down").waitingForOutage("S3 down");
    assertEquals(2, state.outageRetries());
    assertEquals("S3 down", state.lastError());

    state = state.listed("staging/r/documents.jsonl", 3, 1_300L, "staging/r/pages.json", 2);
    assertEquals(0, state.outageRetries(), "an outage's tries start over once it is over");
    state = state.attempting().answered("HTTP 500").rejected().attempting().answered(null);
    state = state.pageDelivered(5_000L, 9_000L);

    assertEquals("m-1", state.messageId());
    assertEquals(5_000L, state.deliveryDeadlineMillis());
    assertEquals(POLICY, state.policy());
    assertTrue(state.listed());
    assertEquals(3, state.documentCount());
    assertEquals(1_300L, state.totalBytes());
    assertEquals(9_000L, state.urlsValidUntilMillis());
    assertEquals(2, state.deliveryAttempts());
    assertEquals(0, state.rejections(), "each page has a refusal count of its own");
    assertEquals(1, state.pagesDelivered());
    assertFalse(state.allPagesDelivered());
    assertNull(state.lastError());
    assertTrue(state.failed("gone").hasFailed());
    assertTrue(state.pageDelivered(6_000L, 9_000L).allPagesDelivered());
  }

  @Test
  void roundTripsThroughTemporalsPayloadConverter() {
    RunCheckpoint state =
        RunCheckpoint.start("m-1", 1_000L, POLICY).listed("k", 2, 20L, null, 1).attempting().answered("HTTP 503").failed("why");
    var converter = DefaultDataConverter.newDefaultInstance();
    RunCheckpoint back =
        converter.fromPayloads(0, converter.toPayloads(state), RunCheckpoint.class, RunCheckpoint.class);
    assertEquals(state, back);
    String json = converter.toPayloads(state).orElseThrow().getPayloads(0).getData().toStringUtf8();
    assertFalse(json.contains("hasFailed") || json.contains("allPagesDelivered"), json);
  }
}
