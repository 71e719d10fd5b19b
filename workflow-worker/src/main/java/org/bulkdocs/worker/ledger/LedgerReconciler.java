package org.bulkdocs.worker.ledger;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger.State;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.contract.WebhookWorkflowIds;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.bulkdocs.worker.staging.StagingIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the webhook ledger true when a run ends without saying so: a run terminated by an operator,
 * cut off by its execution timeout or cancelled never reaches its own ledger step, so its message would
 * stay "processing" forever. Every few minutes each processing entry is checked against Temporal: when
 * neither the patient's run for that requestId nor a redelivery of the message is running, the message
 * is recorded as failed, so {@code GET /settings/webhook} counts it and {@code POST
 * /settings/webhook/retry} sends it, and what those runs staged is deleted (they never reached their
 * clean-up). Failed entries older than the ledger's retention are deleted, and delivery-log entries
 * older than the log's ({@link WebhookRequestLog#RETENTION_DAYS} days).
 *
 * <p>Run by the schedule of {@code housekeeping/ReconcileWebhookLedgerWorkflow}; idempotent.
 */
@Component
public class LedgerReconciler {

  /** Younger entries are left alone: their run may be between two steps of a continue-as-new. */
  static final Duration MIN_AGE = Duration.ofMinutes(2);

  static final int MAX_ENTRIES_PER_CUSTOMER = 1_000;

  static final String ENDED_REASON =
      "the run ended without delivering the message (terminated, timed out or cancelled)";

  private static final Logger log = LoggerFactory.getLogger(LedgerReconciler.class);

  private final WebhookLedger ledger;
  private final WebhookRequestLog requests;
  private final WorkflowClient client;
  private final ClaimCheckStore staging;
  private final Duration retention;
  private final Clock clock;

  @Autowired
  public LedgerReconciler(
      WebhookLedger ledger,
      WebhookRequestLog requests,
      WorkflowClient client,
      ClaimCheckStore staging,
      LedgerProperties properties) {
    this(ledger, requests, client, staging, properties, Clock.systemUTC());
  }

  LedgerReconciler(
      WebhookLedger ledger,
      WebhookRequestLog requests,
      WorkflowClient client,
      ClaimCheckStore staging,
      LedgerProperties properties,
      Clock clock) {
    this.ledger = ledger;
    this.requests = requests;
    this.client = client;
    this.staging = staging;
    this.retention = properties.retention();
    this.clock = clock;
  }

  /** Returns how many entries were moved to failed. */
  public int reconcile() {
    int moved = 0;
    Instant cutoff = clock.instant().minus(MIN_AGE);
    for (String cxId : ledger.customers()) {
      for (LedgerEntry entry : ledger.entries(cxId, State.PROCESSING, MAX_ENTRIES_PER_CUSTOMER)) {
        if (entry.recordedAt() != null && Instant.parse(entry.recordedAt()).isAfter(cutoff)) {
          continue;
        }
        if (!runs(entry.patientId(), entry.requestId()) && !runs(WebhookWorkflowIds.redelivery(entry.messageId()), entry.requestId())) {
          ledger.markFailed(entry.failed(ENDED_REASON));
          staging.deleteRun(entry.requestId());
          staging.deleteRun(StagingIds.ofRedelivery(entry.requestId()));
          log.info("webhook ledger: messageId={} requestId={} cxId={} recorded as failed: {}",
              entry.messageId(), entry.requestId(), cxId, ENDED_REASON);
          moved++;
        }
      }
      int expired = ledger.expireFailed(cxId, clock.instant().minus(retention));
      if (expired > 0) {
        log.info("webhook ledger: {} failed entries of cxId={} older than {} deleted", expired, cxId, retention);
      }
    }
    Instant logCutoff = clock.instant().minus(Duration.ofDays(WebhookRequestLog.RETENTION_DAYS));
    for (String cxId : requests.customers()) {
      int expired = requests.expire(cxId, logCutoff);
      if (expired > 0) {
        log.info("delivery log: {} entries of cxId={} older than {} days deleted", expired, cxId, WebhookRequestLog.RETENTION_DAYS);
      }
    }
    return moved;
  }

  /** Whether the latest run of this workflow ID is running and serves this requestId. */
  private boolean runs(String workflowId, String requestId) {
    try {
      WorkflowExecutionDescription latest = client.newUntypedWorkflowStub(workflowId).describe();
      return latest.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          && requestId.equals(latest.getMemo(RunMemo.REQUEST_ID, String.class, String.class));
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }
}
