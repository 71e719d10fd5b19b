package org.bulkdocs.api.settings;

import static org.bulkdocs.api.temporal.TemporalErrors.unavailableIfTemporalIsDown;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.contract.bulk.MessageIds;
import org.bulkdocs.contract.ping.WebhookPingRequest;
import org.bulkdocs.contract.ping.WebhookPingWorkflow;
import org.bulkdocs.contract.recovery.WebhookRecoveryRequest;
import org.bulkdocs.contract.recovery.WebhookRecoveryWorkflow;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Starts the webhook workflows the worker runs: the ping after a URL is set, and the redelivery of a
 * given-up message. Only IDs and the settings revision go in: the worker reads the URL and the key from
 * the settings store itself, so neither ever enters Temporal.
 */
@Component
class WebhookWorkflows {

  private final WorkflowClient client;
  private final WebhookRequestLog requests;

  WebhookWorkflows(WorkflowClient client, WebhookRequestLog requests) {
    this.client = client;
    this.requests = requests;
  }

  /**
   * Pings the settings of this revision. A ping still running for older settings is terminated: its
   * outcome would be about a URL the customer has replaced.
   */
  void startPing(String cxId, String settingsRevision) {
    WorkflowOptions options = BulkDownloadStartOptions.forPing(cxId);
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
    // cut into the pages the customer saw, whatever its page size is now
    Integer pageSize =
        requests
            .pageSizeOfRun(failed.cxId(), failed.messageId(), MessageIds.page(failed.messageId(), 1))
            .orElse(null);
    startRedelivery(
        BulkDownloadRequest.redelivery(
            failed.cxId(), failed.patientId(), failed.requestId(), failed.metadata(), failed.messageId(),
            DocumentDates.of(failed.dateFrom(), failed.dateTo()), pageSize));
  }

  /** The same for a message of the delivery log, whether it failed or was delivered. */
  void startRedelivery(String cxId, LoggedRequest sent) {
    startRedelivery(
        BulkDownloadRequest.redelivery(
            cxId, sent.patientId(), sent.requestId(), sent.metadata(), sent.runMessageId(),
            DocumentDates.of(sent.dateFrom(), sent.dateTo()), sent.pageSize()));
  }

  private void startRedelivery(BulkDownloadRequest redelivery) {
    WorkflowOptions options =
        BulkDownloadStartOptions.forRedelivery(
            redelivery.cxId(), redelivery.patientId(), redelivery.requestId(), redelivery.redeliveryOf());
    try {
      BulkDownloadWorkflow workflow = client.newWorkflowStub(BulkDownloadWorkflow.class, options);
      WorkflowClient.start(workflow::run, redelivery);
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }

  /**
   * Starts the customer's recovery of given-up messages, unless one is running: then nothing new is
   * started (false). The start itself attaches to a recovery another call started meanwhile.
   */
  boolean startRecovery(String cxId, Instant since, @Nullable Instant until) {
    try {
      try {
        WorkflowExecutionDescription current =
            client.newUntypedWorkflowStub(WebhookWorkflowIds.recovery(cxId)).describe();
        if (current.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          return false;
        }
      } catch (WorkflowNotFoundException e) {
        // never ran: start it
      }
      WebhookRecoveryWorkflow recovery =
          client.newWorkflowStub(WebhookRecoveryWorkflow.class, BulkDownloadStartOptions.forRecovery(cxId));
      WorkflowClient.start(
          recovery::recover,
          new WebhookRecoveryRequest(cxId, since.toString(), until == null ? null : until.toString()));
      return true;
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }
}
