package org.bulkdocs.common.state.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.common.state.ledger.WebhookLedger.State;
import org.bulkdocs.testsupport.InProcessS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookLedgerTest {

  private static InProcessS3 s3;
  private static WebhookLedger ledger;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
    ledger = new WebhookLedger(s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static LedgerEntry entry(String cx) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("zeta", "last letter first");
    metadata.put("alpha", "ünïcode ✓");
    return LedgerEntry.processing(cx, "patient-1", UUID.randomUUID().toString(), UUID.randomUUID().toString(), metadata);
  }

  @Test
  void aMessageMovesFromProcessingToFailedAndBackAndOut() {
    String cx = "cx-" + UUID.randomUUID();
    LedgerEntry entry = entry(cx);

    ledger.markProcessing(entry);
    assertEquals(1, ledger.count(cx, State.PROCESSING));
    assertEquals(0, ledger.count(cx, State.FAILED));
    assertEquals(1, s3.countUnder("_bulkdocs/webhook-ledger/" + cx + "/processing/" + entry.messageId() + ".json"));

    ledger.markFailed(entry.failed("endpoint refused the message 3 times"));
    assertEquals(0, ledger.count(cx, State.PROCESSING));
    assertEquals(1, ledger.count(cx, State.FAILED));
    LedgerEntry failed = ledger.entries(cx, State.FAILED, 10).get(0);
    assertEquals(entry.messageId(), failed.messageId());
    assertEquals(entry.requestId(), failed.requestId());
    assertEquals("patient-1", failed.patientId());
    assertEquals(List.copyOf(entry.metadata().keySet()), List.copyOf(failed.metadata().keySet()), "order kept");
    assertEquals(entry.metadata(), failed.metadata());
    assertEquals("endpoint refused the message 3 times", failed.failureReason());
    assertNotNull(failed.recordedAt());

    ledger.markProcessing(failed); // a redelivery starts
    assertEquals(1, ledger.count(cx, State.PROCESSING));
    assertEquals(0, ledger.count(cx, State.FAILED));
    assertNull(ledger.find(cx, State.PROCESSING, entry.messageId()).orElseThrow().failureReason());

    ledger.markDelivered(cx, entry.messageId());
    ledger.markDelivered(cx, entry.messageId()); // idempotent, as activity retries need
    assertEquals(0, ledger.count(cx, State.PROCESSING));
    assertEquals(0, ledger.count(cx, State.FAILED));
  }

  @Test
  void countsAndListsPerCustomerAcrossPages() {
    String cx = "cx-" + UUID.randomUUID();
    String other = "cx-" + UUID.randomUUID();
    for (int i = 0; i < 1005; i++) {
      ledger.markFailed(entry(cx).failed("gave up"));
    }
    ledger.markFailed(entry(other).failed("gave up"));

    assertEquals(1005, ledger.count(cx, State.FAILED), "more than one S3 page");
    assertEquals(1, ledger.count(other, State.FAILED), "customers never see each other's messages");
    assertEquals(7, ledger.entries(cx, State.FAILED, 7).size());
    assertTrue(ledger.entries(cx, State.FAILED, 7).stream().allMatch(e -> e.cxId().equals(cx)));
  }

  @Test
  void aFailedEntryNeedsItsReasonAndIdsMustBeSafe() {
    assertThrows(IllegalArgumentException.class, () -> ledger.markFailed(entry("cx-a")));
    assertThrows(IllegalArgumentException.class, () -> ledger.count("../cx", State.FAILED));
    assertThrows(
        IllegalArgumentException.class,
        () -> ledger.markProcessing(LedgerEntry.processing("cx-a", "p", "r", "../../x", Map.of())));
  }
}
