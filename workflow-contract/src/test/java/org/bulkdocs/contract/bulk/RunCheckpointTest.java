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

  private static final DeliveryPolicy POLICY =
      new DeliveryPolicy(Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(30), 3);

  @Test
  void eachStepChangesOnlyWhatItIsAbout() {
    RunCheckpoint state = RunCheckpoint.start("m-1", 1_000L, POLICY);
    assertNull(state.listingKey());
    assertFalse(state.hasFailed());

    state = state.listed("staging/r/documents.jsonl", 3, 1_300L).signed("staging/r/signed.json", 9_000L);
    state = state.attempting().answered("HTTP 500").rejected().attempting().answered(null);

    assertEquals("m-1", state.messageId());
    assertEquals(1_000L, state.deliveryDeadlineMillis());
    assertEquals(POLICY, state.policy());
    assertEquals(3, state.documentCount());
    assertEquals(1_300L, state.totalBytes());
    assertEquals(9_000L, state.urlsValidUntilMillis());
    assertEquals(2, state.deliveryAttempts());
    assertEquals(1, state.rejections());
    assertNull(state.lastError());
    assertTrue(state.failed("gone").hasFailed());
  }

  @Test
  void roundTripsThroughTemporalsPayloadConverter() {
    RunCheckpoint state =
        RunCheckpoint.start("m-1", 1_000L, POLICY).listed("k", 2, 20L).attempting().answered("HTTP 503").failed("why");
    var converter = DefaultDataConverter.newDefaultInstance();
    RunCheckpoint back =
        converter.fromPayloads(0, converter.toPayloads(state), RunCheckpoint.class, RunCheckpoint.class);
    assertEquals(state, back);
    // the wire form is the one runs in flight already carry: no new field for hasFailed
    String json = converter.toPayloads(state).orElseThrow().getPayloads(0).getData().toStringUtf8();
    assertFalse(json.contains("hasFailed") || json.contains("\"failed\""), json);
  }
}
