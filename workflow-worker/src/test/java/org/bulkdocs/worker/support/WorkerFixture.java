package org.bulkdocs.worker.support;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.bulkdocs.contract.BulkDownloadRequest;
import org.bulkdocs.contract.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.BulkDownloadWorkflow;
import org.bulkdocs.contract.DeliveryPolicy;
import org.bulkdocs.contract.RunMemo;
import org.bulkdocs.contract.RunStatus;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.listing.DocumentListingActivitiesImpl;
import org.bulkdocs.worker.policy.DeliveryPolicyActivitiesImpl;
import org.bulkdocs.worker.policy.DeliveryProperties;
import org.bulkdocs.worker.s3.S3ClientConfiguration;
import org.bulkdocs.worker.s3.S3Properties;
import org.bulkdocs.worker.signing.SigningProperties;
import org.bulkdocs.worker.signing.UrlSigningActivitiesImpl;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.staging.StagingActivitiesImpl;
import org.bulkdocs.worker.staging.StagingProperties;
import org.bulkdocs.worker.webhook.WebhookActivitiesImpl;
import org.bulkdocs.worker.webhook.WebhookAddressGuard;
import org.bulkdocs.worker.webhook.WebhookHttpConfiguration;
import org.bulkdocs.worker.webhook.WebhookProperties;
import org.bulkdocs.worker.webhook.WebhookTargets;
import org.bulkdocs.worker.workflow.BulkDownloadWorkflowImpl;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker as production wires it (real activity implementations, real S3 through S3Proxy, real
 * HTTP) on Temporal's time-skipping test server.
 */
public final class WorkerFixture implements AutoCloseable {

  public static final String STAGING_PREFIX = "bulk-download-staging/";
  public static final Duration URL_VALIDITY = Duration.ofMinutes(60);

  private final TestWorkflowEnvironment env;

  private WorkerFixture(TestWorkflowEnvironment env) {
    this.env = env;
  }

  public static DeliveryProperties defaultDelivery() {
    return new DeliveryProperties(
        Duration.ofHours(24),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofMinutes(30),
        3);
  }

  public static WorkerFixture start(
      S3Properties s3, String cxId, String webhookUrl, String webhookKey, DeliveryProperties delivery) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<?> key : BulkDownloadSearchAttributes.ALL) {
      env.registerSearchAttribute(
          key.getName(),
          key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_INT
              ? IndexedValueType.INDEXED_VALUE_TYPE_INT
              : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(TaskQueues.BULK_DOWNLOAD);
    worker.registerWorkflowImplementationTypes(BulkDownloadWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities(s3, cxId, webhookUrl, webhookKey, delivery));
    env.start();
    return new WorkerFixture(env);
  }

  private static Object[] activities(
      S3Properties s3Props, String cxId, String webhookUrl, String webhookKey, DeliveryProperties delivery) {
    var s3Config = new S3ClientConfiguration();
    var s3 = s3Config.s3Client(s3Props);
    var presigner = s3Config.s3Presigner(s3Props);
    var json = JsonMapper.builder().build();
    var store = new ClaimCheckStore(s3, s3Props, new StagingProperties(STAGING_PREFIX));
    var signing = new SigningProperties(URL_VALIDITY);
    var webhook =
        new WebhookProperties(
            List.of(new WebhookProperties.Target(cxId, java.net.URI.create(webhookUrl), webhookKey)),
            true,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    var httpConfig = new WebhookHttpConfiguration();
    WebhookAddressGuard guard = httpConfig.webhookAddressGuard(webhook);
    OkHttpClient http = httpConfig.webhookHttpClient(webhook, guard);
    return new Object[] {
      new DeliveryPolicyActivitiesImpl(delivery, signing),
      new DocumentListingActivitiesImpl(s3, s3Props, store, json),
      new UrlSigningActivitiesImpl(presigner, s3Props, signing, store, json),
      new WebhookActivitiesImpl(http, new WebhookTargets(webhook), guard, store, json),
      new StagingActivitiesImpl(store)
    };
  }

  /** Starts a run the way the API does: workflow ID = patient ID, requestId in the memo. */
  public WorkflowStub startRun(String cxId, String patientId, String requestId, Map<String, String> metadata) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(patientId)
            .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .setMemo(Map.of(RunMemo.REQUEST_ID, requestId, RunMemo.CUSTOMER_ID, cxId))
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId)
                    .set(BulkDownloadSearchAttributes.STATUS, RunStatus.PROCESSING.wireName())
                    .build())
            .setStaticSummary("Bulk download URLs · patient " + patientId + " · request " + requestId)
            .build();
    BulkDownloadWorkflow workflow = client().newWorkflowStub(BulkDownloadWorkflow.class, options);
    WorkflowClient.start(workflow::run, BulkDownloadRequest.start(cxId, patientId, requestId, metadata));
    return WorkflowStub.fromTyped(workflow);
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  public TestWorkflowEnvironment env() {
    return env;
  }

  public long now() {
    return env.currentTimeMillis();
  }

  @Override
  public void close() {
    env.close();
  }
}
