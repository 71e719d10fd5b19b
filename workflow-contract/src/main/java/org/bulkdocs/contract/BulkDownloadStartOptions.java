package org.bulkdocs.contract;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.Map;

/**
 * How a {@link BulkDownloadWorkflow} run is started, defined once for the API and the tests: the
 * one-run-at-a-time rule, the memo the API reads the requestId back from, the search attributes and
 * the summary operators see.
 */
public final class BulkDownloadStartOptions {

  private BulkDownloadStartOptions() {}

  /**
   * A patient's run: workflow ID = patient ID; a call during a run attaches to it (USE_EXISTING),
   * and a finished run does not block the next one (ALLOW_DUPLICATE).
   */
  public static WorkflowOptions forPatient(String cxId, String patientId, String requestId) {
    return common(cxId, requestId)
        .setWorkflowId(patientId)
        .setStaticSummary("Bulk download URLs · patient " + patientId + " · request " + requestId)
        .build();
  }

  /**
   * A given-up message delivered again. Its ID is the message's, not the patient's: the patient may
   * have a new run meanwhile, and retrying twice attaches instead of sending twice.
   */
  public static WorkflowOptions forRedelivery(
      String cxId, String patientId, String requestId, String messageId) {
    return common(cxId, requestId)
        .setWorkflowId(WebhookWorkflowIds.redelivery(messageId))
        .setStaticSummary(
            "Webhook redelivery · patient " + patientId + " · request " + requestId
                + " · message " + messageId)
        .build();
  }

  private static WorkflowOptions.Builder common(String cxId, String requestId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setMemo(Map.of(RunMemo.REQUEST_ID, requestId, RunMemo.CUSTOMER_ID, cxId))
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId)
                .set(BulkDownloadSearchAttributes.STATUS, RunStatus.PROCESSING.wireName())
                .build());
  }
}
