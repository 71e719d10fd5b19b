package org.bulkdocs.common.state.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.testsupport.InProcessS3;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transitions every writer of a webhook's status goes through, against S3Proxy. */
class WebhookStatusTest {

  private static final WebhookKeyCipher CIPHER =
      new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE));

  private static InProcessS3 s3;
  private static CustomerSettingsStore store;
  private static WebhookStatus status;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
    store = new CustomerSettingsStore(s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT, CIPHER);
    status = new WebhookStatus(store);
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static String newCustomer() {
    return "cx-" + UUID.randomUUID();
  }

  @Test
  void aNewUrlKeepsTheKeyGetsARevisionAndWaitsForItsPing() {
    String cx = newCustomer();
    CustomerSettings first = status.urlSet(cx, "https://a.example.com/", "key-1");
    assertEquals("key-1", first.webhookKey());
    assertFalse(first.webhookEnabled());
    assertEquals(WebhookStatus.VERIFYING, first.webhookStatusDetail());

    CustomerSettings second = status.urlSet(cx, "https://b.example.com/", "key-2");
    assertEquals("key-1", second.webhookKey(), "a new URL keeps the key");
    assertNotEquals(first.revision(), second.revision());

    CustomerSettings cleared = status.cleared(cx);
    assertNull(cleared.webhookKey());
    assertEquals(WebhookStatus.NO_WEBHOOK, WebhookStatus.detail(Optional.of(cleared)));
    assertEquals("key-3", status.urlSet(cx, "https://b.example.com/", "key-3").webhookKey(), "cleared: a new key");
    assertEquals(WebhookStatus.NO_WEBHOOK, WebhookStatus.detail(Optional.empty()));
  }

  @Test
  void anOutcomeCountsOnlyForTheRevisionItTested() {
    String cx = newCustomer();
    CustomerSettings old = status.urlSet(cx, "https://a.example.com/", "key");
    CustomerSettings current = status.urlSet(cx, "https://b.example.com/", "key");

    assertFalse(status.pingAnswered(cx, old.revision(), true, "an outdated ping"));
    assertFalse(store.find(cx).orElseThrow().webhookEnabled());
    status.deliveryOutcome(cx, old.revision(), false, true, "an outdated delivery", false);
    assertFalse(store.find(cx).orElseThrow().webhookEnabled());

    assertTrue(status.pingAnswered(cx, current.revision(), true, "ping answered"));
    CustomerSettings now = store.find(cx).orElseThrow();
    assertTrue(WebhookStatus.enabled(Optional.of(now)));
    assertEquals("ping answered", now.webhookStatusDetail());

    assertFalse(status.pingAnswered(newCustomer(), "rev-1", true, "x"), "no settings, nothing to record");
  }

  @Test
  void aDeliveryWritesOnlyAChangeUnlessAskedTo() {
    String cx = newCustomer();
    String revision = status.urlSet(cx, "https://a.example.com/", "key").revision();
    status.pingAnswered(cx, revision, true, "ping answered");
    String written = store.find(cx).orElseThrow().updatedAt();

    status.deliveryOutcome(cx, revision, true, true, "delivered", false);
    assertEquals("ping answered", store.find(cx).orElseThrow().webhookStatusDetail(), "unchanged: no write");
    assertEquals(written, store.find(cx).orElseThrow().updatedAt());

    status.deliveryOutcome(cx, revision, true, false, "HTTP 500", false);
    assertEquals("HTTP 500", store.find(cx).orElseThrow().webhookStatusDetail());

    status.deliveryOutcome(cx, revision, false, false, "HTTP 410 Gone", true);
    assertEquals("HTTP 410 Gone", store.find(cx).orElseThrow().webhookStatusDetail(), "a 410 says why");
  }

  @Test
  void thePingNotStartedIsSaid() {
    String cx = newCustomer();
    String revision = status.urlSet(cx, "https://a.example.com/", "key").revision();
    status.pingNotStarted(cx, revision);
    assertEquals(WebhookStatus.PING_NOT_STARTED, store.find(cx).orElseThrow().webhookStatusDetail());
  }
}
