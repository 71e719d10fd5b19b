package org.bulkdocs.worker.recovery;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Instant;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.contract.bulk.MessageIds;
import org.bulkdocs.contract.recovery.WebhookRecoveryRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the customer's given-up messages from the webhook ledger and starts a redelivery of each one
 * given up in the range, exactly as {@code POST /settings/webhook/retry} does for all of them. Starting
 * is idempotent (a redelivery's workflow ID is its message's, USE_EXISTING), so a retried attempt of
 * this activity starts nothing twice.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class RecoveryActivitiesImpl implements RecoveryActivities {

  /** Per recovery; a customer with more calls again once it ended (the answer says how many were started). */
  static final int MAX_PER_RECOVERY = 10_000;

  private static final Logger log = LoggerFactory.getLogger(RecoveryActivitiesImpl.class);

  private final WebhookLedger ledger;
  private final WebhookRequestLog requests;
  private final WorkflowClient client;

  public RecoveryActivitiesImpl(WebhookLedger ledger, WebhookRequestLog requests, WorkflowClient client) {
    this.ledger = ledger;
    this.requests = requests;
    this.client = client;
  }

  @Override
  public int redeliverFailed(WebhookRecoveryRequest request) {
    Instant since = Instant.parse(request.since());
    Instant until = request.until() == null ? Instant.now() : Instant.parse(request.until());
    int started = 0;
    for (LedgerEntry entry : ledger.entries(request.cxId(), WebhookLedger.State.FAILED, MAX_PER_RECOVERY)) {
      if (!request.cxId().equals(entry.cxId()) || entry.recordedAt() == null) {
        continue;
      }
      Instant givenUp = Instant.parse(entry.recordedAt());
      if (givenUp.isBefore(since) || !givenUp.isBefore(until)) {
        continue;
      }
      BulkDownloadWorkflow workflow =
          client.newWorkflowStub(
              BulkDownloadWorkflow.class,
              BulkDownloadStartOptions.forRedelivery(entry.cxId(), entry.patientId(), entry.requestId(), entry.messageId()));
      WorkflowClient.start(
          workflow::run,
          BulkDownloadRequest.redelivery(
              entry.cxId(), entry.patientId(), entry.requestId(), entry.metadata(), entry.messageId(),
              DocumentDates.of(entry.dateFrom(), entry.dateTo()),
              // cut into the pages the customer saw, whatever its page size is now
              requests.pageSizeOfRun(entry.cxId(), entry.messageId(), MessageIds.page(entry.messageId(), 1)).orElse(null)));
      started++;
      Activity.getExecutionContext().heartbeat(started);
    }
    log.info("webhook recovery cxId={} since={} until={}: {} redeliveries started", request.cxId(), since, until, started);
    return started;
  }
}
