package org.bulkdocs.api.settings;

import static org.bulkdocs.api.temporal.TemporalErrors.unavailableIfTemporalIsDown;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.ping.WebhookPingRequest;
import org.bulkdocs.contract.ping.WebhookPingWorkflow;
import org.springframework.stereotype.Component;

/**
 * Starts the webhook workflows the worker runs: the ping after a URL is set, and the redelivery of a
 * given-up message. Only IDs and the settings revision go in: the worker reads the URL and the key from
 * the settings store itself, so neither ever enters Temporal.
 */
@Component
class WebhookWorkflows {

  private final WorkflowClient client;

  WebhookWorkflows(WorkflowClient client) {
    this.client = client;
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
}
