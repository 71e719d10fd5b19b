package org.bulkdocs.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.LocalKeyEncryptionKeys;
import org.bulkdocs.common.state.settings.WebhookKeyCipher;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The service's answers when a dependency fails: what is saved stays saved, and the customer is told. */
class CustomerSettingsServiceTest {

  private static final WebhookKeyCipher CIPHER =
      new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE));

  private static InMemoryS3 s3;
  private static S3Client client;

  @BeforeAll
  static void start() {
    s3 = InMemoryS3.start();
    client =
        S3Client.builder()
            .endpointOverride(s3.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(InMemoryS3.ACCESS_KEY_ID, InMemoryS3.SECRET_ACCESS_KEY)))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    s3.close();
  }

  /** Records what would be started, or fails like an unreachable Temporal. */
  private static final class FakeWorkflows extends WebhookWorkflows {
    final List<String> pings = new ArrayList<>();
    final boolean temporalDown;

    FakeWorkflows(boolean temporalDown) {
      super(null, null);
      this.temporalDown = temporalDown;
    }

    @Override
    void startPing(String cxId, String settingsRevision) {
      if (temporalDown) {
        throw ApiException.unavailable("The workflow service is unavailable; please try again later", null);
      }
      pings.add(cxId + "@" + settingsRevision);
    }

    @Override
    void startRedelivery(LedgerEntry failed) {
      if (temporalDown) {
        throw ApiException.unavailable("The workflow service is unavailable; please try again later", null);
      }
    }
  }

  private static CustomerSettingsService service(String bucket, FakeWorkflows workflows) {
    SettingsProperties props = new SettingsProperties(false, Duration.ofSeconds(2));
    CustomerSettingsStore store = new CustomerSettingsStore(client, bucket, StoragePrefix.DEFAULT, CIPHER);
    return new CustomerSettingsService(
        store,
        new WebhookStatus(store),
        new WebhookLedger(client, bucket, StoragePrefix.DEFAULT),
        new WebhookRequestLog(client, bucket, StoragePrefix.DEFAULT),
        new WebhookUrlValidator(new WebhookAddressPolicy(false), props),
        workflows);
  }

  @Test
  void aUrlIsSavedEvenWhenThePingCannotBeStartedAndTheStatusSaysWhy() {
    CustomerSettingsService service = service(InMemoryS3.BUCKET, new FakeWorkflows(true));

    SettingsResponse saved = service.update("cx-down", Optional.of("https://203.0.113.10/hook"));

    assertThat(saved.webhookUrl()).isEqualTo("https://203.0.113.10/hook");
    WebhookStatusResponse status = service.status("cx-down");
    assertThat(status.webhookEnabled()).isFalse();
    assertThat(status.webhookStatusDetail()).isEqualTo(WebhookStatus.PING_NOT_STARTED);
  }

  @Test
  void eachUpdatePingsItsOwnRevision() {
    FakeWorkflows workflows = new FakeWorkflows(false);
    CustomerSettingsService service = service(InMemoryS3.BUCKET, workflows);
    CustomerSettingsStore store = new CustomerSettingsStore(client, InMemoryS3.BUCKET, "_bulkdocs/", CIPHER);

    service.update("cx-pings", Optional.of("https://203.0.113.10/a"));
    CustomerSettings first = store.find("cx-pings").orElseThrow();
    service.update("cx-pings", Optional.of("https://203.0.113.10/a"));
    CustomerSettings second = store.find("cx-pings").orElseThrow();
    service.update("cx-pings", Optional.empty());

    assertThat(workflows.pings).containsExactly("cx-pings@" + first.revision(), "cx-pings@" + second.revision());
    assertThat(first.revision()).isNotEqualTo(second.revision());
    assertThat(second.webhookKey()).isEqualTo(first.webhookKey());
  }

  @Test
  void unreachableStorageIsA503NeverA500() {
    CustomerSettingsService service = service("no-such-bucket", new FakeWorkflows(false));
    for (Runnable call :
        List.<Runnable>of(
            () -> service.get("cx-a"),
            () -> service.update("cx-a", Optional.of("https://203.0.113.10/hook")),
            () -> service.status("cx-a"),
            () -> service.retry("cx-a"))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }
  }
}
