package org.bulkdocs.worker.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.bulkdocs.worker.support.InProcessS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Staging under the reserved prefix, the records of accepted messages, and the clean-up of all of it. */
class ClaimCheckStoreTest {

  private static InProcessS3 s3;
  private static ClaimCheckStore store;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
    store = new ClaimCheckStore(s3.client(), s3.properties(), new StagingProperties(null));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void stagesUnderTheReservedPrefixAndCleansUpEverythingTheRunsFolderHolds() {
    String stagingId = UUID.randomUUID().toString();
    String key = store.keyFor(stagingId, ClaimCheckStore.LISTING);
    assertEquals("_bulkdocs/staging/" + stagingId + "/documents.jsonl", key);
    store.put(key, bytes("[]"));
    store.put(store.keyFor(stagingId, ClaimCheckStore.PAGE_PLAN), bytes("{}"));
    for (int i = 0; i < 1_005; i++) { // more than one delete request takes
      store.put(store.acceptedKey(stagingId, "run-1", "m-" + i), bytes("{}"));
    }
    String other = UUID.randomUUID().toString();
    store.put(store.keyFor(other, ClaimCheckStore.LISTING), bytes("[]"));

    assertEquals(1_007, store.deleteRun(stagingId));
    assertEquals(0, s3.countUnder("_bulkdocs/staging/" + stagingId));
    assertEquals(1, s3.countUnder("_bulkdocs/staging/" + other), "another run's folder is not touched");
    assertEquals(0, store.deleteRun(stagingId)); // safe to call again
  }

  @Test
  void readsARecordBackAndTellsAMissingOne() {
    String stagingId = UUID.randomUUID().toString();
    String accepted = store.acceptedKey(stagingId, "run-1", "m-1");
    assertTrue(store.read(accepted).isEmpty());
    store.put(accepted, bytes("{\"httpStatus\":200}"));
    assertEquals("{\"httpStatus\":200}", new String(store.read(accepted).orElseThrow(), StandardCharsets.UTF_8));
  }

  @Test
  void refusesAPrefixThatCouldBeACustomerFolderAndUnsafeIds() {
    assertThrows(IllegalArgumentException.class, () -> new StagingProperties("bulk-download-staging/"));
    assertThrows(IllegalArgumentException.class, () -> store.keyFor("../x", ClaimCheckStore.LISTING));
    assertThrows(IllegalArgumentException.class, () -> store.acceptedKey("s", "run", "../m"));
    assertEquals(StagingProperties.DEFAULT_PREFIX, new StagingProperties("").prefix());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
