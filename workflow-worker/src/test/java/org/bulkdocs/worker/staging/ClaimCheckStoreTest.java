package org.bulkdocs.worker.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Staging under the reserved prefix, and the clean-up of runs that staged where older workers did. */
class ClaimCheckStoreTest {

  private static InProcessS3 s3;
  private static ClaimCheckStore store;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
    store =
        new ClaimCheckStore(
            s3.client(),
            s3.properties(),
            new StagingProperties(null, WorkerFixture.LEGACY_STAGING_PREFIX));
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void stagesUnderTheReservedPrefixAndCleansUpEverythingItStagesInOneRequest() {
    String stagingId = UUID.randomUUID().toString();
    String key = store.keyFor(stagingId, ClaimCheckStore.LISTING);
    assertEquals("_bulkdocs/staging/" + stagingId + "/documents.jsonl", key);
    store.put(key, bytes("[]"));
    store.put(store.keyFor(stagingId, ClaimCheckStore.PAGE_PLAN), bytes("{}"));
    store.put(store.keyFor(stagingId, ClaimCheckStore.SIGNED_DOCUMENTS), bytes("[]"));

    store.deleteRun(stagingId);
    assertEquals(0, s3.countUnder("_bulkdocs/staging/" + stagingId));
    store.deleteRun(stagingId); // safe to call again
    assertEquals(0, s3.countUnder("_bulkdocs/staging/" + stagingId));
  }

  @Test
  void aNameThisWorkerNeverStagesIsLeftToTheBucketsLifecycleRule() {
    String stagingId = UUID.randomUUID().toString();
    store.put(store.keyFor(stagingId, ClaimCheckStore.LISTING), bytes("[]"));
    store.put(store.keyFor(stagingId, "written-by-a-later-release.json"), bytes("[]"));
    store.deleteRun(stagingId);
    assertEquals(1, s3.countUnder("_bulkdocs/staging/" + stagingId));
  }

  @Test
  void aRunInFlightFromBeforeTheMoveHasItsLegacyFilesRemovedAndNothingElse() {
    String stagingId = UUID.randomUUID().toString();
    String legacy = WorkerFixture.LEGACY_STAGING_PREFIX + stagingId + "/";
    // what an older worker staged for this run, whose history holds these keys
    s3.put(legacy + ClaimCheckStore.LISTING, bytes("[]"));
    s3.put(legacy + ClaimCheckStore.SIGNED_DOCUMENTS, bytes("[]"));
    // the folder could be a customer's: anything the worker did not stage there stays
    s3.put(legacy + "someone-elses-document.pdf", bytes("%PDF"));

    store.deleteRun(stagingId);

    assertEquals(1, s3.countUnder(legacy));
  }

  @Test
  void refusesAPrefixThatCouldBeACustomerFolderAndUnsafeIds() {
    assertThrows(IllegalArgumentException.class, () -> new StagingProperties("bulk-download-staging/", null));
    assertThrows(IllegalArgumentException.class, () -> store.keyFor("../x", ClaimCheckStore.LISTING));
    assertEquals(StagingProperties.DEFAULT_PREFIX, new StagingProperties("", "").prefix());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
