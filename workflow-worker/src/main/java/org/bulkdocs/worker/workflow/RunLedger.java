package org.bulkdocs.worker.workflow;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.worker.ledger.WebhookLedgerActivities;
import org.slf4j.Logger;

/**
 * The run's message in the customer's webhook ledger once the run ends: removed once delivered, recorded
 * as failed for {@code POST /settings/webhook/retry}, or as cancelled. Each step is a local activity
 * ({@link RunActivities#LOCAL_LEDGER}). The first activity tracks the message as processing while it
 * lists ({@code delivery.ProcessingEntries}). Workflow code only.
 */
final class RunLedger {

  private static final Logger log = Workflow.getLogger(RunLedger.class);

  private final BulkDownloadRequest request;

  RunLedger(BulkDownloadRequest request) {
    this.request = request;
  }

  private static WebhookLedgerActivities ledger(String summary) {
    return RunActivities.localStub(WebhookLedgerActivities.class, RunActivities.LOCAL_LEDGER, summary);
  }

  /** Bookkeeping never fails the run: a lost step is repaired by the worker's LedgerReconciler. */
  void recordOutcome(String messageId, boolean delivered, String failureReason) {
    try {
      WebhookLedgerActivities ledger =
          ledger(
              delivered
                  ? "Remove the delivered message from the customer's webhook ledger"
                  : "Record the message as failed in the customer's webhook ledger, for POST /settings/webhook/retry");
      if (delivered) {
        ledger.recordDelivered(request.cxId(), messageId);
      } else {
        ledger.recordFailed(entry(messageId).failed(failureReason));
      }
    } catch (ActivityFailure e) {
      log.warn(
          "could not record requestId={} messageId={} as {} in the webhook ledger",
          request.requestId(),
          messageId,
          delivered ? "delivered" : "failed");
    }
  }

  /** The customer cancelled the run; bookkeeping, so it never fails the end of the run either. */
  void recordCancelled(String messageId) {
    try {
      ledger("Record the message as cancelled in the customer's webhook ledger").recordCancelled(entry(messageId));
    } catch (ActivityFailure e) {
      log.warn("could not record requestId={} messageId={} as cancelled in the webhook ledger", request.requestId(), messageId);
    }
  }

  private LedgerEntry entry(String messageId) {
    return LedgerEntry.processing(
        request.cxId(),
        request.patientId(),
        request.requestId(),
        messageId,
        request.metadata(),
        request.dates() == null ? null : request.dates().dateFrom(),
        request.dates() == null ? null : request.dates().dateTo());
  }
}
