package org.bulkdocs.worker.housekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bulkdocs.common.state.StoragePrefix;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.LocalKeyEncryptionKeys;
import org.bulkdocs.common.state.settings.WebhookKeyCipher;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.bulkdocs.worker.ledger.LedgerProperties;
import org.bulkdocs.worker.ledger.LedgerReconciler;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.staging.StagingProperties;
import org.bulkdocs.worker.support.InProcessS3;
import org.junit.jupiter.api.Test;

/** Each scheduled job is a workflow whose one activity does the work, against real S3. */
class HousekeepingWorkflowsTest {

  @Test
  void theRewrapRunReencryptsSettingsUnderTheNewKeyAndTheLedgerRunFindsNothingToFail() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start();
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      String cx = "cx-" + UUID.randomUUID();
      store(s3, TestKeyEncryption.KEYS, TestKeyEncryption.ACTIVE)
          .update(cx, current -> new CustomerSettings(cx, "https://hooks.example.com/", "key", "rev-1", false, "waiting", null));
      // a rotation: the next key is active, the old one still configured
      CustomerSettingsStore rotated =
          store(s3, TestKeyEncryption.KEYS + "," + TestKeyEncryption.NEXT_KEY, TestKeyEncryption.NEXT);
      LedgerReconciler reconciler =
          new LedgerReconciler(
              new WebhookLedger(s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT),
              new WebhookRequestLog(s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT),
              env.getWorkflowClient(),
              new ClaimCheckStore(s3.client(), s3.properties(), new StagingProperties(StagingProperties.DEFAULT_PREFIX)),
              new LedgerProperties(Duration.ofDays(30)));
      Worker worker = env.newWorker(TaskQueues.BULK_DOWNLOAD);
      worker.registerWorkflowImplementationTypes(ReconcileWebhookLedgerWorkflowImpl.class, RewrapWebhookKeysWorkflowImpl.class);
      worker.registerActivitiesImplementations(new HousekeepingActivitiesImpl(reconciler, rotated));
      env.start();
      WorkflowClient client = env.getWorkflowClient();

      HousekeepingActivities.RewrapOutcome rewrap = client.newWorkflowStub(RewrapWebhookKeysWorkflow.class, options()).run();
      assertEquals(new HousekeepingActivities.RewrapOutcome(1, List.of()), rewrap);
      assertEquals(0, client.newWorkflowStub(RewrapWebhookKeysWorkflow.class, options()).run().rewritten(), "nothing left under the old key");
      assertEquals(0, client.newWorkflowStub(ReconcileWebhookLedgerWorkflow.class, options()).run());
    }
  }

  private static WorkflowOptions options() {
    return WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.BULK_DOWNLOAD).setWorkflowId("housekeeping:test-" + UUID.randomUUID()).build();
  }

  private static CustomerSettingsStore store(InProcessS3 s3, String keys, String active) {
    return new CustomerSettingsStore(
        s3.client(), InProcessS3.BUCKET, StoragePrefix.DEFAULT, new WebhookKeyCipher(new LocalKeyEncryptionKeys(keys, active)));
  }
}
