package org.bulkdocs.contract;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.Priority;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.contract.bulk.RunStatus;
import org.bulkdocs.contract.ping.WebhookPingWorkflow;

/**
 * How every workflow is started, defined once for the API and the tests: a patient's
 * {@link BulkDownloadWorkflow} run (the one-run-at-a-time rule, the memo the API reads the requestId back
 * from, the search attributes and the summary operators see), a redelivery, and a {@link
 * WebhookPingWorkflow}.
 */
public final class BulkDownloadStartOptions {

  /**
   * Every run's bounded lifetime, continue-as-new included: nothing stays {@code processing} forever,
   * whatever happens to the workers. Well above the longest delivery window the worker accepts.
   */
  public static final Duration RUN_TIMEOUT = Duration.ofDays(3);

  /**
   * How long a worker may hold one workflow task before the server gives it to another (Temporal's
   * default: 10 s). A worker that dies holding a task costs its run this long, once per crash; the fault
   * suite saw runs lose 10 s to each of two kills. This workflow's tasks take well under a second (no
   * long local activity, histories kept short by continue-as-new), so 4 s leaves room on a loaded host.
   */
  public static final Duration WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(4);

  /** How long a ping may take in all, worker outages included. */
  public static final Duration PING_TIMEOUT = Duration.ofHours(1);

  private BulkDownloadStartOptions() {}

  /**
   * A patient's run: workflow ID = patient ID; a call during a run attaches to it (USE_EXISTING),
   * and a finished run does not block the next one (ALLOW_DUPLICATE). The start's request ID is the
   * run's requestId: a start the client library resends is recognised by the server, and the start's
   * answer ("started") tells the caller whether its own start created the run.
   */
  public static WorkflowOptions forPatient(String cxId, String patientId, String requestId) {
    return forPatient(cxId, patientId, requestId, null);
  }

  /** @param dates the trigger's date filter, kept in the memo too; null: none */
  public static WorkflowOptions forPatient(String cxId, String patientId, String requestId, DocumentDates dates) {
    Map<String, Object> memo = new HashMap<>(memo(cxId, requestId));
    if (dates != null && dates.dateFrom() != null) {
      memo.put(RunMemo.DATE_FROM, dates.dateFrom());
    }
    if (dates != null && dates.dateTo() != null) {
      memo.put(RunMemo.DATE_TO, dates.dateTo());
    }
    return common(cxId, requestId)
        .setMemo(memo)
        .setWorkflowId(patientId)
        .setRequestId(requestId)
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

  /**
   * The ping after a webhook URL is set. A ping still running for older settings is terminated: its
   * outcome would be about a URL the customer has replaced. A ping nobody runs (no worker) must not
   * linger; a customer who sets the URL again pings again.
   */
  public static WorkflowOptions forPing(String cxId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WebhookWorkflowIds.ping(cxId))
        .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowExecutionTimeout(PING_TIMEOUT)
        .setPriority(fairness(cxId))
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder().set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId).build())
        .setStaticSummary("Webhook ping · customer " + cxId)
        .build();
  }

  /**
   * A recovery of given-up messages ({@code POST /settings/webhook/recover}): one per customer at a
   * time, a call while one runs attaches to it (USE_EXISTING).
   */
  public static WorkflowOptions forRecovery(String cxId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WebhookWorkflowIds.recovery(cxId))
        .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowExecutionTimeout(PING_TIMEOUT)
        .setPriority(fairness(cxId))
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder().set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId).build())
        .setStaticSummary("Webhook recovery · customer " + cxId)
        .build();
  }

  /**
   * Task Queue Fairness: the customer is the fairness key of its runs, and their activities inherit it,
   * so a server with fairness on (self-hosted 1.31+ with {@code matching.enableFairness}, or Temporal
   * Cloud with it enabled on the namespace) dispatches the shared queue's backlog round-robin across
   * customers instead of first come, first served. A server without it ignores the key.
   */
  public static Priority fairness(String cxId) {
    return Priority.newBuilder().setFairnessKey(cxId).build();
  }

  private static Map<String, Object> memo(String cxId, String requestId) {
    return Map.of(RunMemo.REQUEST_ID, requestId, RunMemo.CUSTOMER_ID, cxId);
  }

  private static WorkflowOptions.Builder common(String cxId, String requestId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.BULK_DOWNLOAD)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowExecutionTimeout(RUN_TIMEOUT)
        .setWorkflowTaskTimeout(WORKFLOW_TASK_TIMEOUT)
        .setPriority(fairness(cxId))
        .setMemo(memo(cxId, requestId))
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(BulkDownloadSearchAttributes.CUSTOMER_ID, cxId)
                .set(BulkDownloadSearchAttributes.STATUS, RunStatus.PROCESSING.wireName())
                .build());
  }
}
