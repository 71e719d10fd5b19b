package org.bulkdocs.common.state.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.testsupport.InProcessS3;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CustomerSettingsStoreTest {

  private static final WebhookKeyCipher CIPHER =
      new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE));

  private static InProcessS3 s3;
  private static CustomerSettingsStore store;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
    store = new CustomerSettingsStore(s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT, CIPHER);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static String newCustomer() {
    return "cx-" + UUID.randomUUID();
  }

  private static CustomerSettings withUrl(String cxId, String url, String key, String revision) {
    return new CustomerSettings(cxId, url, key, revision, false, "waiting for the ping", null);
  }

  @Test
  void aCustomerWithoutSettingsHasNone() {
    assertEquals(Optional.empty(), store.find(newCustomer()));
  }

  @Test
  void writesReadsAndSurvivesANewStoreInstance() {
    String cx = newCustomer();
    CustomerSettings written =
        store.update(cx, current -> withUrl(cx, "https://hooks.example.com/a", "key-1", "rev-1")).orElseThrow();
    assertTrue(written.updatedAt() != null);
    assertEquals(1, s3.countUnder("_bulkdocs/customer-settings/" + cx + ".json"));

    // another process (the worker) sees exactly what the API wrote
    CustomerSettings read =
        new CustomerSettingsStore(s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT, CIPHER).find(cx).orElseThrow();
    assertEquals(written, read);
    assertEquals("https://hooks.example.com/a", read.webhookUrl());
    assertEquals("key-1", read.webhookKey());
  }

  @Test
  void aWriterThatLosesTheRaceReappliesItsChangeOnTheNewValue() {
    String cx = newCustomer();
    store.update(cx, current -> withUrl(cx, "https://hooks.example.com/old", "key", "rev-1"));
    AtomicInteger calls = new AtomicInteger();

    CustomerSettings result =
        store
            .update(
                cx,
                current -> {
                  if (calls.incrementAndGet() == 1) {
                    // someone else (the customer) changes the URL between our read and our write
                    store.update(cx, c -> withUrl(cx, "https://hooks.example.com/new", "key", "rev-2"));
                  }
                  return current.orElseThrow().withStatus(true, "ping answered", null);
                })
            .orElseThrow();

    assertEquals(2, calls.get(), "the change ran again on a fresh read");
    assertEquals("https://hooks.example.com/new", result.webhookUrl(), "the concurrent write survived");
    assertTrue(result.webhookEnabled());
    assertEquals(result, store.find(cx).orElseThrow());
  }

  @Test
  void twoFirstWritesDoNotBothCreate() {
    String cx = newCustomer();
    AtomicInteger calls = new AtomicInteger();
    CustomerSettings result =
        store
            .update(
                cx,
                current -> {
                  if (calls.incrementAndGet() == 1) {
                    assertTrue(current.isEmpty());
                    store.update(cx, c -> withUrl(cx, "https://first.example.com/", "k1", "rev-a"));
                  }
                  return current.isPresent() ? null : withUrl(cx, "https://second.example.com/", "k2", "rev-b");
                })
            .orElseThrow();
    assertEquals("https://first.example.com/", result.webhookUrl(), "If-None-Match kept the first create");
  }

  @Test
  void anUnchangedValueIsNotWrittenAgain() {
    String cx = newCustomer();
    CustomerSettings first = store.update(cx, c -> withUrl(cx, "https://a.example.com/", "k", "r")).orElseThrow();
    CustomerSettings second = store.update(cx, c -> withUrl(cx, "https://a.example.com/", "k", "r")).orElseThrow();
    assertEquals(first.updatedAt(), second.updatedAt());
  }

  @Test
  void neverPrintsTheUrlOrTheKey() {
    String text = withUrl("cx", "https://secret-host.example.com/", "super-secret-key", "r").toString();
    assertFalse(text.contains("secret-host") || text.contains("super-secret-key"), text);
  }

  @Test
  void refusesPrefixesThatCouldBeACustomerFolderAndUnsafeIds() {
    assertThrows(IllegalArgumentException.class, () -> new CustomerSettingsStore(s3.client(), InProcessS3.BUCKET, "settings/", CIPHER));
    assertThrows(IllegalArgumentException.class, () -> new CustomerSettingsStore(s3.client(), InProcessS3.BUCKET, "_bulkdocs", CIPHER));
    assertThrows(IllegalArgumentException.class, () -> store.find("../other"));
    assertThrows(IllegalArgumentException.class, () -> store.find("a/b"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CustomerSettings("cx", "https://a.example.com/", null, "r", false, null, null),
        "a URL without a key");
  }
}
