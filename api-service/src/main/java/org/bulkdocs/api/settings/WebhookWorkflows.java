package org.bulkdocs.api.settings;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Set;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.contract.BulkDownloadRequest;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.BulkDownloadWorkflow;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.WebhookPingRequest;
import org.bulkdocs.contract.WebhookPingWorkflow;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.webhook.ledger.LedgerEntry;
import org.springframework.stereotype.Component;

/**
 * Starts the webhook workflows the worker runs: the ping after a URL is set, and the redelivery of a
 * given-up message. Only IDs and the settings revision go in: the worker reads the URL and the key from
 * the settings store itself, so neither ever enters Temporal.
 */
@Component
class WebhookWorkflows {

  /** A ping nobody runs (no worker) must not linger; a customer who sets the URL again pings again. */
  static final Duration PING_TIMEOUT = Duration.ofHours(1);

  private static final Set<Status.Code> UNAVAILABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  private final WorkflowClient client;

  WebhookWorkflows(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Pings the settings of this revision. A ping still running for older settings is terminated: its
   * outcome would be about a URL the customer has replaced.
   */
  void startPing(String cxId, String settingsRevision) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(WebhookWorkflowIds.ping(cxId))
            .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setWorkflowExecutionTimeout(PING_TIMEOUT)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder().set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId).build())
            .setStaticSummary("Webhook ping · customer " + cxId)
            .build();
    try {
      WebhookPingWorkflow ping = client.newWorkflowStub(WebhookPingWorkflow.class, options);
      WorkflowClient.start(ping::ping, new WebhookPingRequest(cxId, settingsRevision));
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }

  /**
   * Delivers a given-up message again, with its original messageId, requestId and metadata. The
   * workflow ID is the message's, not the patient's: the patient may have a new run meanwhile, and
   * retrying twice attaches to the redelivery already under way instead of sending twice.
   */
  void startRedelivery(LedgerEntry failed) {
    WorkflowOptions options =
        BulkDownloadStartOptions.forRedelivery(
            failed.cxId(), failed.patientId(), failed.requestId(), failed.messageId());
    try {
      BulkDownloadWorkflow workflow = client.newWorkflowStub(BulkDownloadWorkflow.class, options);
      WorkflowClient.start(
          workflow::run,
          BulkDownloadRequest.redelivery(
              failed.cxId(), failed.patientId(), failed.requestId(), failed.metadata(), failed.messageId()));
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }

  private static RuntimeException unavailableIfTemporalIsDown(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc && UNAVAILABLE.contains(grpc.getStatus().getCode())) {
        return ApiException.unavailable("The workflow service is unavailable; please try again later", e);
      }
    }
    return e;
  }
}
