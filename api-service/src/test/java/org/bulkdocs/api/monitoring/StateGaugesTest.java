package org.bulkdocs.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.LocalKeyEncryptionKeys;
import org.bulkdocs.common.state.settings.WebhookKeyCipher;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.testsupport.TcpProxy;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The state gauges against real parts: runs started and closed on Temporal's real server (the CLI's
 * dev server: the visibility queries production runs) and on the SDK's in-process test server (the
 * listing it falls back to), and customers' webhook states in S3 (S3Proxy). The scheduled refresh runs as
 * in production, every second; the failure cases call {@link StateGauges#refresh()} themselves.
 */
class StateGaugesTest {

  private static final String CX_A = "cx-a";
  private static final String CX_B = "cx-b";
  private static final String CX_C = "cx-c";
  private static final String CX_D = "cx-d";

  /** Short enough to watch a run cross it, long enough to see it open but not yet past it. */
  private static final Duration EXPECTED_TIME = Duration.ofSeconds(5);

  private static final GaugeProperties PROPERTIES = new GaugeProperties(Duration.ofSeconds(1), EXPECTED_TIME);
  private static final WebhookKeyCipher CIPHER =
      new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE));

  private static InMemoryS3 s3;
  private static CustomerSettingsStore settings;

  @BeforeAll
  static void startS3() {
    s3 = InMemoryS3.start();
    settings = new CustomerSettingsStore(s3.client(), InMemoryS3.BUCKET, "_bulkdocs/", CIPHER);
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Test
  void runGaugesFollowRunsOnTheRealServer(@TempDir Path logs) throws Exception {
    try (DevServer server = DevServer.start(logs.resolve("temporal.log"))) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      try {
        followsRunsThatStartAndClose(
            WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build()));
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @Test
  void runGaugesFollowRunsOnTheSdksTestServer() {
    try (TestWorkflowEnvironment temporal = testServer()) {
      followsRunsThatStartAndClose(temporal.getWorkflowClient());
    }
  }

  private void followsRunsThatStartAndClose(WorkflowClient client) {
    MeterRegistry registry = new SimpleMeterRegistry();
    StateGauges gauges = new StateGauges(client, List.of(), settings, PROPERTIES, registry);
    gauges.start();
    try {
      awaitRuns(registry, 0, 0);

      WorkflowStub first = startRun(client);
      awaitRuns(registry, 1, 0);
      awaitRuns(registry, 1, 1); // past EXPECTED_TIME

      WorkflowStub second = startRun(client);
      awaitRuns(registry, 2, 1);

      first.terminate("closed by the test");
      awaitRuns(registry, 1, 0);
      second.terminate("closed by the test");
      awaitRuns(registry, 0, 0);
    } finally {
      gauges.stop();
    }
  }

  @Test
  void webhookGaugeIsOneWhenEnabledZeroWhenDisabledAndAbsentWithoutAUrl() {
    MeterRegistry registry = new SimpleMeterRegistry();
    WebhookStatus status = new WebhookStatus(settings);
    try (TestWorkflowEnvironment temporal = testServer()) {
      StateGauges gauges =
          new StateGauges(temporal.getWorkflowClient(), List.of(CX_A, CX_B, CX_C, CX_D), settings, PROPERTIES, registry);
      gauges.start();
      try {
        // A: a new URL is disabled until its ping answers; then enabled; a 410 disables it again.
        CustomerSettings a = status.urlSet(CX_A, "https://a.example.com/webhook", "key-a");
        awaitWebhook(registry, CX_A, 0.0);
        status.pingAnswered(CX_A, a.revision(), true, "The endpoint answered the ping");
        awaitWebhook(registry, CX_A, 1.0);
        status.deliveryOutcome(CX_A, a.revision(), true, false, "The endpoint answered 410 Gone", true);
        awaitWebhook(registry, CX_A, 0.0);

        // C: enabled, then cleared by the customer: no URL, no series.
        CustomerSettings c = status.urlSet(CX_C, "https://c.example.com/webhook", "key-c");
        status.pingAnswered(CX_C, c.revision(), true, "The endpoint answered the ping");
        awaitWebhook(registry, CX_C, 1.0);
        status.cleared(CX_C);
        awaitWebhook(registry, CX_C, null);

        // D: settings no configured key opens (written under another key-encryption key): disabled.
        new CustomerSettingsStore(
                s3.client(), InMemoryS3.BUCKET, "_bulkdocs/",
                new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.NEXT_KEY, TestKeyEncryption.NEXT)))
            .update(CX_D, none -> new CustomerSettings(CX_D, "https://d.example.com/webhook", "key-d", "r1", true, "ok", null));
        awaitWebhook(registry, CX_D, 0.0);

        // B never set a URL: no series, whatever happened to the others.
        assertThat(webhook(registry, CX_B)).isNull();
        assertThat(registry.find(StateGauges.WEBHOOK_ENABLED).gauges()).hasSize(2);
      } finally {
        gauges.stop();
      }
    }
  }

  @Test
  void aFailedReadKeepsTheLastValues() throws Exception {
    String cx = "cx-" + UUID.randomUUID();
    MeterRegistry registry = new SimpleMeterRegistry();
    try (TcpProxy proxy = new TcpProxy(s3.endpoint().getPort());
        S3Client behindProxy = s3Client(URI.create("http://127.0.0.1:" + proxy.port()))) {
      CustomerSettingsStore store = new CustomerSettingsStore(behindProxy, InMemoryS3.BUCKET, "_bulkdocs/", CIPHER);
      CustomerSettings settingsOfCx = new WebhookStatus(store).urlSet(cx, "https://x.example.com/webhook", "key-x");
      new WebhookStatus(store).pingAnswered(cx, settingsOfCx.revision(), true, "The endpoint answered the ping");
      TestWorkflowEnvironment temporal = testServer();
      StateGauges gauges = new StateGauges(temporal.getWorkflowClient(), List.of(cx), store, PROPERTIES, registry);
      boolean temporalClosed = false;
      try {
        startRun(temporal.getWorkflowClient());
        await("the run in visibility").atMost(Duration.ofSeconds(10)).until(() -> {
          gauges.refresh();
          return runs(registry) == 1;
        });
        assertThat(webhook(registry, cx)).isEqualTo(1.0);

        // Temporal and S3 gone: the gauges say what they last knew rather than nothing.
        temporal.close();
        temporalClosed = true;
        proxy.cut();
        gauges.refresh();

        assertThat(runs(registry)).isEqualTo(1.0);
        assertThat(runsPastExpectedTime(registry)).isEqualTo(0.0);
        assertThat(webhook(registry, cx)).isEqualTo(1.0);
      } finally {
        if (!temporalClosed) {
          temporal.close();
        }
      }
    }
  }

  @Test
  void runGaugesAreNaNUntilTemporalFirstAnswers() {
    WorkflowServiceStubs unreachable =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    try {
      MeterRegistry registry = new SimpleMeterRegistry();
      StateGauges gauges = new StateGauges(WorkflowClient.newInstance(unreachable), List.of(), settings, PROPERTIES, registry);

      gauges.refresh();

      assertThat(runs(registry)).isNaN();
      assertThat(runsPastExpectedTime(registry)).isNaN();
    } finally {
      unreachable.shutdownNow();
    }
  }

  private static TestWorkflowEnvironment testServer() {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    for (SearchAttributeKey<?> key : BulkDownloadSearchAttributes.ALL) {
      options.registerSearchAttribute(key.getName(), key.getValueType());
    }
    return TestWorkflowEnvironment.newInstance(options.build());
  }

  /** A patient's run as the API starts it; no worker runs here, so it stays open until terminated. */
  private static WorkflowStub startRun(WorkflowClient client) {
    String patientId = "patient-" + UUID.randomUUID();
    String requestId = UUID.randomUUID().toString();
    WorkflowStub run =
        client.newUntypedWorkflowStub(
            OpenRuns.WORKFLOW_TYPE, BulkDownloadStartOptions.forPatient(CX_A, patientId, requestId));
    run.start(BulkDownloadRequest.start(CX_A, patientId, requestId, Map.of()));
    return run;
  }

  private static void awaitRuns(MeterRegistry registry, double open, double past) {
    await("bulkdocs_runs_open " + open + ", bulkdocs_runs_open_past_expected_time " + past)
        .atMost(EXPECTED_TIME.plusSeconds(10))
        .until(() -> runs(registry) == open && runsPastExpectedTime(registry) == past);
  }

  private static void awaitWebhook(MeterRegistry registry, String cxId, Double value) {
    await("bulkdocs_webhook_enabled{customer=" + cxId + "} " + value)
        .atMost(Duration.ofSeconds(10))
        .until(() -> value == null ? webhook(registry, cxId) == null : value.equals(webhook(registry, cxId)));
  }

  private static double runs(MeterRegistry registry) {
    return registry.get(StateGauges.RUNS_OPEN).gauge().value();
  }

  private static double runsPastExpectedTime(MeterRegistry registry) {
    return registry.get(StateGauges.RUNS_PAST_EXPECTED_TIME).gauge().value();
  }

  private static Double webhook(MeterRegistry registry, String cxId) {
    Gauge gauge = registry.find(StateGauges.WEBHOOK_ENABLED).tag("customer", cxId).gauge();
    return gauge == null ? null : gauge.value();
  }

  private static S3Client s3Client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(InMemoryS3.ACCESS_KEY_ID, InMemoryS3.SECRET_ACCESS_KEY)))
        .build();
  }
}
