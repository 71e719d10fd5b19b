package org.bulkdocs.common.state.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.testsupport.InProcessS3;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhook keys at rest, against S3Proxy: encrypted, still read when written plain, and rotated. */
class WebhookKeyEncryptionTest {

  private static final String KEY = "4f9a1c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10";

  private static InProcessS3 s3;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static CustomerSettingsStore store(String keys, String active) {
    return new CustomerSettingsStore(
        s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT, new WebhookKeyCipher(new LocalKeyEncryptionKeys(keys, active)));
  }

  private static CustomerSettingsStore v1() {
    return store(TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE);
  }

  private static String raw(String cxId) {
    return s3.client()
        .getObjectAsBytes(b -> b.bucket(InProcessS3.BUCKET).key("_bulkdocs/customer-settings/" + cxId + ".json"))
        .asString(StandardCharsets.UTF_8);
  }

  private static String newCustomer() {
    return "cx-" + UUID.randomUUID();
  }

  private static CustomerSettings withKey(String cxId) {
    return new CustomerSettings(cxId, "https://hooks.example.com/", KEY, "rev-1", false, "waiting", null);
  }

  @Test
  void theBucketNeverHoldsTheKeyAndTheServicesReadIt() {
    String cx = newCustomer();
    v1().update(cx, current -> withKey(cx));

    assertThat(raw(cx)).doesNotContain(KEY).contains("\"encryptedWebhookKey\"").contains("\"kek\":\"test-1\"");
    assertThat(v1().find(cx).orElseThrow().webhookKey()).isEqualTo(KEY);
  }

  @Test
  void settingsWrittenBeforeEncryptionAreReadAndThenEncrypted() {
    String cx = newCustomer();
    s3.put(
        "_bulkdocs/customer-settings/" + cx + ".json",
        ("{\"cxId\":\"" + cx + "\",\"webhookUrl\":\"https://hooks.example.com/\",\"webhookKey\":\"" + KEY
                + "\",\"revision\":\"r\",\"webhookEnabled\":true,\"webhookStatusDetail\":\"ok\"}")
            .getBytes(StandardCharsets.UTF_8));

    assertThat(v1().find(cx).orElseThrow().webhookKey()).isEqualTo(KEY);
    assertThat(v1().rewrapAll().rewritten()).isGreaterThanOrEqualTo(1);
    assertThat(raw(cx)).doesNotContain(KEY);
    assertThat(v1().find(cx).orElseThrow().webhookEnabled()).isTrue();
  }

  @Test
  void rotationAddsAKeyRewrapsEverythingThenRetiresTheOldOne() {
    String cx = newCustomer();
    v1().update(cx, current -> withKey(cx));

    // 1. both services get the new key next to the old one, and make it the active one
    CustomerSettingsStore both = store(TestKeyEncryption.KEYS + "," + TestKeyEncryption.NEXT_KEY, TestKeyEncryption.NEXT);
    assertThat(both.find(cx).orElseThrow().webhookKey()).isEqualTo(KEY);
    // 2. the worker's rewrap (or any write) moves every object to it
    assertThat(both.rewrapAll().rewritten()).isGreaterThanOrEqualTo(1);
    assertThat(raw(cx)).contains("\"kek\":\"test-2\"");
    assertThat(both.rewrapAll().rewritten()).as("nothing left under the old key").isZero();
    // 3. the old key is removed: everything still reads
    CustomerSettingsStore next = store(TestKeyEncryption.NEXT_KEY, TestKeyEncryption.NEXT);
    assertThat(next.find(cx).orElseThrow().webhookKey()).isEqualTo(KEY);

    // retiring a key too early fails loudly, naming the key, never with a wrong webhook key
    String late = newCustomer();
    v1().update(late, current -> withKey(late));
    assertThatThrownBy(() -> next.find(late))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'test-1', which is not configured");
    assertThat(next.rewrapAll().unreadable()).contains(late);
  }

  @Test
  void anObjectCopiedToAnotherCustomerIsNeverUsedForThem() {
    String a = newCustomer();
    String b = newCustomer();
    String c = newCustomer();
    v1().update(a, current -> withKey(a));
    // copied as it is: it names customer a
    s3.put("_bulkdocs/customer-settings/" + b + ".json", raw(a).getBytes(StandardCharsets.UTF_8));
    // edited to name customer c: the key is bound to a and does not decrypt
    s3.put("_bulkdocs/customer-settings/" + c + ".json", raw(a).replace(a, c).getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> v1().find(b)).isInstanceOf(IllegalStateException.class).hasMessageContaining("another customer's");
    assertThatThrownBy(() -> v1().find(c)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
    assertThat(v1().rewrapAll().unreadable()).contains(b, c);
    // the customer can still replace what it cannot read: a new URL gets a new key
    CustomerSettings replaced =
        v1().update(b, current -> {
              assertThat(current).isEmpty();
              return new CustomerSettings(b, "https://b.example.com/", "new-key-of-b", "rev-b", false, "waiting", null);
            })
            .orElseThrow();
    assertThat(replaced.webhookKey()).isEqualTo("new-key-of-b");
    assertThat(v1().find(b).orElseThrow().webhookUrl()).isEqualTo("https://b.example.com/");
  }

  @Test
  void aCustomerWhoseKeyWasRetiredTooEarlyCanStillClearTheSettings() {
    String cx = newCustomer();
    v1().update(cx, current -> withKey(cx));
    CustomerSettingsStore next = store(TestKeyEncryption.NEXT_KEY, TestKeyEncryption.NEXT);

    CustomerSettings cleared =
        new WebhookStatus(next).cleared(cx);

    assertThat(cleared.hasWebhook()).isFalse();
    assertThat(next.find(cx).orElseThrow().webhookKey()).isNull();
  }

  @Test
  void aCorruptObjectIsReportedAndDoesNotStopTheRewrap() {
    String broken = newCustomer();
    String plain = newCustomer();
    s3.put("_bulkdocs/customer-settings/" + broken + ".json", "{\"cxId\": ".getBytes(StandardCharsets.UTF_8));
    s3.put(
        "_bulkdocs/customer-settings/" + plain + ".json",
        ("{\"cxId\":\"" + plain + "\",\"webhookUrl\":\"https://p.example.com/\",\"webhookKey\":\"" + KEY
                + "\",\"revision\":\"r\",\"webhookEnabled\":false,\"webhookStatusDetail\":\"x\"}")
            .getBytes(StandardCharsets.UTF_8));

    CustomerSettingsStore.Rewrap result = v1().rewrapAll();

    assertThat(result.unreadable()).contains(broken);
    assertThat(raw(plain)).doesNotContain(KEY);
  }

  @Test
  void badKeyConfigurationFailsWithoutEchoingTheKey() {
    assertThatThrownBy(() -> new LocalKeyEncryptionKeys("", "v1")).hasMessageContaining("WEBHOOK_KEY_ENCRYPTION_KEYS");
    assertThatThrownBy(() -> new LocalKeyEncryptionKeys("v1:c2hvcnQ=", "v1"))
        .hasMessageContaining("entry 'v1' is not")
        .hasMessageNotContaining("c2hvcnQ=");
    assertThatThrownBy(() -> new LocalKeyEncryptionKeys("v1:not base64!", "v1")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS, "v9"))
        .hasMessageContaining("WEBHOOK_KEY_ENCRYPTION_ACTIVE");
    assertThatThrownBy(() -> new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS + "," + TestKeyEncryption.KEYS, "test-1"))
        .hasMessageContaining("appears twice");
  }
}
