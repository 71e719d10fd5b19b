package org.bulkdocs.worker.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.bulkdocs.common.s3.S3ClientConfiguration;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.LocalKeyEncryptionKeys;
import org.bulkdocs.common.state.settings.WebhookKeyCipher;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.contract.bulk.MessageIds;
import org.bulkdocs.contract.ping.WebhookPingRequest;
import org.bulkdocs.contract.ping.WebhookPingResult;
import org.bulkdocs.contract.ping.WebhookPingWorkflow;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.activity.LargeWorkProperties;
import org.bulkdocs.worker.delivery.AcceptedMessages;
import org.bulkdocs.worker.delivery.DeliveryLog;
import org.bulkdocs.worker.delivery.FirstDeliveryActivitiesImpl;
import org.bulkdocs.worker.delivery.ProcessingEntries;
import org.bulkdocs.worker.delivery.WebhookActivitiesImpl;
import org.bulkdocs.worker.delivery.WebhookAttempts;
import org.bulkdocs.worker.ledger.WebhookLedgerActivitiesImpl;
import org.bulkdocs.worker.listing.DocumentLister;
import org.bulkdocs.worker.messages.PageMessages;
import org.bulkdocs.worker.paging.PagePlanner;
import org.bulkdocs.worker.ping.WebhookPingActivitiesImpl;
import org.bulkdocs.worker.ping.WebhookPingWorkflowImpl;
import org.bulkdocs.worker.policy.DeliveryPolicyActivitiesImpl;
import org.bulkdocs.worker.policy.DeliveryProperties;
import org.bulkdocs.worker.sending.CustomerDeliverySlots;
import org.bulkdocs.worker.sending.WebhookAddressGuard;
import org.bulkdocs.worker.sending.WebhookHttpConfiguration;
import org.bulkdocs.worker.sending.WebhookMetrics;
import org.bulkdocs.worker.sending.WebhookSender;
import org.bulkdocs.worker.signing.S3PresignerConfiguration;
import org.bulkdocs.worker.signing.SigningProperties;
import org.bulkdocs.worker.signing.UrlSigner;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.staging.StagingActivitiesImpl;
import org.bulkdocs.worker.staging.StagingProperties;
import org.bulkdocs.worker.targets.PageSizes;
import org.bulkdocs.worker.targets.WebhookProperties;
import org.bulkdocs.worker.targets.WebhookTargets;
import org.bulkdocs.worker.workflow.BulkDownloadWorkflowImpl;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker as production wires it (real activity implementations, real S3 through S3Proxy, real
 * HTTP, the shared settings store and webhook ledger) on Temporal's time-skipping test server.
 */
public final class WorkerFixture implements AutoCloseable {

  public static final String STAGING_PREFIX = StagingProperties.DEFAULT_PREFIX;
  public static final Duration URL_VALIDITY = Duration.ofMinutes(60);

  private final TestWorkflowEnvironment env;
  private final Parts parts;

  private WorkerFixture(TestWorkflowEnvironment env, Parts parts) {
    this.env = env;
    this.parts = parts;
  }

  /** What the activities are built from, for tests to look at or change. */
  private record Parts(
      Object[] activities,
      CustomerSettingsStore settings,
      WebhookLedger ledger,
      WebhookRequestLog requests,
      ClaimCheckStore staging,
      SimpleMeterRegistry metrics) {}

  public static DeliveryProperties defaultDelivery() {
    return new DeliveryProperties(
        Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(1), 3, Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  /** Loopback allowed, as the test's webhook receivers live there. */
  public static WorkerFixture start(
      S3Properties s3, String cxId, String webhookUrl, String webhookKey, DeliveryProperties delivery) {
    return start(s3, cxId, webhookUrl, webhookKey, delivery, true);
  }

  /**
   * @param webhookUrl the customer's configured target (the fallback when it stored no settings), or
   *     null for none
   * @param allowPrivateAddresses false to test the SSRF guard as production has it
   */
  public static WorkerFixture start(
      S3Properties s3,
      String cxId,
      String webhookUrl,
      String webhookKey,
      DeliveryProperties delivery,
      boolean allowPrivateAddresses) {
    return start(s3, cxId, webhookUrl, webhookKey, delivery, allowPrivateAddresses, NO_PAGING);
  }

  /** Documents per message for customers without a setting of their own, and the largest message. */
  public record Paging(int pageSize, long maxMessageBytes) {}

  public static final Paging NO_PAGING = new Paging(0, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES);

  public static WorkerFixture start(
      S3Properties s3,
      String cxId,
      String webhookUrl,
      String webhookKey,
      DeliveryProperties delivery,
      boolean allowPrivateAddresses,
      Paging paging) {
    return start(
        s3, cxId, webhookUrl, webhookKey, delivery, allowPrivateAddresses, paging,
        TestEnvironmentOptions.getDefaultInstance(), OpenTelemetry.noop());
  }

  /**
   * The same on an environment of the caller's options (data converter, client and worker interceptors),
   * the webhook POSTs traced through {@code openTelemetry}.
   */
  public static WorkerFixture start(
      S3Properties s3,
      String cxId,
      String webhookUrl,
      String webhookKey,
      DeliveryProperties delivery,
      boolean allowPrivateAddresses,
      Paging paging,
      TestEnvironmentOptions environment,
      OpenTelemetry openTelemetry) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(environment);
    for (SearchAttributeKey<?> key : BulkDownloadSearchAttributes.ALL) {
      env.registerSearchAttribute(
          key.getName(),
          key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_INT
              ? IndexedValueType.INDEXED_VALUE_TYPE_INT
              : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(TaskQueues.BULK_DOWNLOAD);
    worker.registerWorkflowImplementationTypes(BulkDownloadWorkflowImpl.class, WebhookPingWorkflowImpl.class);
    Parts parts = parts(s3, cxId, webhookUrl, webhookKey, delivery, allowPrivateAddresses, paging, openTelemetry);
    worker.registerActivitiesImplementations(parts.activities());
    env.start();
    return new WorkerFixture(env, parts);
  }

  private static Parts parts(
      S3Properties s3Props,
      String cxId,
      String webhookUrl,
      String webhookKey,
      DeliveryProperties delivery,
      boolean allowPrivateAddresses,
      Paging paging,
      OpenTelemetry openTelemetry) {
    var credentials = S3ClientConfiguration.credentials(s3Props);
    var s3 = S3ClientConfiguration.client(s3Props, credentials);
    var presigner = S3PresignerConfiguration.presigner(s3Props, credentials);
    var json = JsonMapper.builder().build();
    var store = new ClaimCheckStore(s3, s3Props, new StagingProperties(STAGING_PREFIX));
    var signing = new SigningProperties(URL_VALIDITY);
    var webhook =
        new WebhookProperties(
            webhookUrl == null
                ? List.of()
                : List.of(new WebhookProperties.Target(cxId, URI.create(webhookUrl), webhookKey)),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            paging.pageSize(),
            paging.maxMessageBytes(),
            WebhookProperties.DEFAULT_MAX_CONCURRENT_PER_CUSTOMER);
    var httpConfig = new WebhookHttpConfiguration();
    WebhookAddressGuard guard = httpConfig.webhookAddressGuard(new WebhookAddressPolicy(allowPrivateAddresses));
    OkHttpClient http = httpConfig.webhookHttpClient(webhook, guard);
    // Always the test S3's real bucket: some tests point the documents at a missing bucket to make
    // listing fail for good, and the customer's settings must stay readable for the failed notice.
    var settings =
        new CustomerSettingsStore(
            s3,
            InProcessS3.BUCKET,
            StoragePrefix.DEFAULT,
            new WebhookKeyCipher(new LocalKeyEncryptionKeys(TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE)));
    var status = new WebhookStatus(settings);
    var ledger = new WebhookLedger(s3, InProcessS3.BUCKET, StoragePrefix.DEFAULT);
    var requests = new WebhookRequestLog(s3, InProcessS3.BUCKET, StoragePrefix.DEFAULT);
    var deliveryLog = new DeliveryLog(requests);
    var metrics = new SimpleMeterRegistry();
    var sender = new WebhookSender(http, guard, openTelemetry);
    var targets = new WebhookTargets(webhook, settings);
    var signer = new UrlSigner(presigner, s3Props.bucket(), s3Props.region(), credentials, Clock.systemUTC());
    var largeWork = new LargeWork(new LargeWorkProperties(4));
    var pageSizes = new PageSizes(settings, webhook);
    var lister = new DocumentLister(s3, s3Props, store, json, pageSizes, signer, signing, largeWork);
    var attempts =
        new WebhookAttempts(
            sender,
            targets,
            status,
            new WebhookMetrics(metrics),
            new CustomerDeliverySlots(webhook),
            new AcceptedMessages(store, json),
            deliveryLog);
    var pageMessages = new PageMessages(store, signer, signing, json, largeWork);
    Object[] activities = {
      new DeliveryPolicyActivitiesImpl(delivery, webhook),
      new FirstDeliveryActivitiesImpl(
          lister, attempts, pageMessages, largeWork, settings, pageSizes, targets, new ProcessingEntries(ledger)),
      new WebhookActivitiesImpl(attempts, json, pageMessages, largeWork),
      new StagingActivitiesImpl(store),
      new WebhookLedgerActivitiesImpl(ledger),
      new WebhookPingActivitiesImpl(targets, sender, status, json, deliveryLog)
    };
    return new Parts(activities, settings, ledger, requests, store, metrics);
  }

  /** Starts a run the way the API does: workflow ID = patient ID, requestId in the memo. */
  public WorkflowStub startRun(String cxId, String patientId, String requestId, Map<String, String> metadata) {
    return startRun(cxId, patientId, requestId, metadata, null);
  }

  /** The same, with the trigger's dateFrom/dateTo. */
  public WorkflowStub startRun(
      String cxId, String patientId, String requestId, Map<String, String> metadata, DocumentDates dates) {
    WorkflowOptions options = BulkDownloadStartOptions.forPatient(cxId, patientId, requestId, dates);
    BulkDownloadWorkflow workflow = client().newWorkflowStub(BulkDownloadWorkflow.class, options);
    WorkflowClient.start(workflow::run, BulkDownloadRequest.start(cxId, patientId, requestId, metadata, dates));
    return WorkflowStub.fromTyped(workflow);
  }

  /** Starts a redelivery of a failed message the way the API does for POST /settings/webhook/retry. */
  public WorkflowStub startRedelivery(LedgerEntry failed) {
    WorkflowOptions options =
        BulkDownloadStartOptions.forRedelivery(
            failed.cxId(), failed.patientId(), failed.requestId(), failed.messageId());
    BulkDownloadWorkflow workflow = client().newWorkflowStub(BulkDownloadWorkflow.class, options);
    WorkflowClient.start(
        workflow::run,
        BulkDownloadRequest.redelivery(
            failed.cxId(), failed.patientId(), failed.requestId(), failed.metadata(), failed.messageId(),
            DocumentDates.of(failed.dateFrom(), failed.dateTo()),
            requests().pageSizeOfRun(failed.cxId(), failed.messageId(), MessageIds.page(failed.messageId(), 1)).orElse(null)));
    return WorkflowStub.fromTyped(workflow);
  }

  /** Runs the ping the API starts after POST /settings, and waits for its result. */
  public WebhookPingResult ping(String cxId, String settingsRevision) {
    WebhookPingWorkflow workflow =
        client()
            .newWorkflowStub(
                WebhookPingWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WebhookWorkflowIds.ping(cxId))
                    .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
                    .build());
    return workflow.ping(new WebhookPingRequest(cxId, settingsRevision));
  }

  public CustomerSettingsStore settings() {
    return parts.settings();
  }

  public ClaimCheckStore staging() {
    return parts.staging();
  }

  public WebhookLedger ledger() {
    return parts.ledger();
  }

  public WebhookRequestLog requests() {
    return parts.requests();
  }

  public SimpleMeterRegistry metrics() {
    return parts.metrics();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  public TestWorkflowEnvironment env() {
    return env;
  }

  /** Runs {@code action} once the test server's clock has moved {@code delay} on (time skipped or not). */
  public void after(Duration delay, Runnable action) {
    env.registerDelayedCallback(delay, action);
  }

  public long now() {
    return env.currentTimeMillis();
  }

  @Override
  public void close() {
    env.close();
  }
}
