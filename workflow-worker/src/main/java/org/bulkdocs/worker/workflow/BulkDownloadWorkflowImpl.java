package org.bulkdocs.worker.workflow;

import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.CUSTOMER_ID;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.DOCUMENT_COUNT;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.STATUS;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Optional;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.bulkdocs.contract.bulk.RunCheckpoint;
import org.bulkdocs.contract.bulk.RunStatus;
import org.slf4j.Logger;

/**
 * List, then deliver page after page, each page's URLs signed in its own attempt; retry a page with
 * exponential backoff ({@link DeliveryBackoff}) inside its delivery window. While something of ours is
 * down (S3), the run waits for it with the outage backoff, for as long as the window lasts. Every path
 * ends either {@code completed} or visibly {@code failed} (workflow failure + status search attribute),
 * after telling the customer when that is possible.
 *
 * <p>The run's state is one record, {@link RunCheckpoint}, which is also what continue-as-new carries.
 * Only keys and counts cross Temporal: the documents and URLs stay in S3 (claim check). How activities
 * are called is {@link RunActivities}, each step (list, one delivery attempt, clean-up) is {@link
 * RunSteps}, the webhook ledger is {@link RunLedger}. This class decides what comes next. A run can be a
 * redelivery of a failed message ({@link BulkDownloadRequest#redeliveryOf()}): same messageId, requestId
 * and metadata, documents listed and URLs signed afresh.
 *
 * <p>Every change to this code from the first release on is versioned ({@code Workflow.getVersion}) and
 * replay-tested against committed histories (docs/workflow-changes.md).
 */
@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class BulkDownloadWorkflowImpl implements BulkDownloadWorkflow {

  /** Failure type of a run that ended {@code failed}. */
  public static final String RUN_FAILED = BulkDownloadResult.RUN_FAILED;

  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

  /** The reason a cancelled run gives, in its failure and in {@code GET …/bulk}. */
  public static final String CANCELLED = BulkDownloadResult.CANCELLED;

  private static final Logger log = Workflow.getLogger(BulkDownloadWorkflowImpl.class);

  private BulkDownloadRequest request;
  private RunLedger ledger;
  private RunSteps steps;
  private RunCheckpoint state;
  private RunStatus status = RunStatus.PROCESSING;
  private String phase = "starting";

  @Override
  public BulkDownloadResult run(BulkDownloadRequest request) {
    try {
      return runUntilCancelled(request);
    } catch (CanceledFailure cancelled) {
      return endCancelled();
    }
  }

  private BulkDownloadResult runUntilCancelled(BulkDownloadRequest request) {
    this.request = request;
    ledger = new RunLedger(request);
    steps = new RunSteps(request, this::enterPhase);
    if (request.checkpoint() == null) {
      DeliveryPolicy policy = RunActivities.policies().currentDeliveryPolicy();
      // a redelivery keeps the identity the customer may already have seen
      String messageId =
          request.redeliveryOf() != null ? request.redeliveryOf() : Workflow.randomUUID().toString();
      state = RunCheckpoint.start(messageId, Workflow.currentTimeMillis() + policy.deliveryWindow().toMillis(), policy);
    } else {
      state = request.checkpoint();
      if (state.hasFailed()) {
        status = RunStatus.FAILED;
      }
    }

    while (!state.hasFailed() && !state.listed()) {
      RunSteps.Listed listed = steps.listAndDeliver(state);
      state = listed.state();
      if (state.listed() && !state.hasFailed() && !state.allPagesDelivered()) {
        // operators see the count while the pages go (a run delivered at once sets it when it ends)
        steps.upsertListed(state, status);
      }
      if (!state.hasFailed() && listed.problem().isPresent()) {
        BulkDownloadResult end = endOrWait(listed.problem().get());
        if (end != null) {
          return end;
        }
        continueAsNewIfHistoryIsLong();
      }
    }
    if (state.hasFailed()) {
      return endFailed(true);
    }
    return deliverPages();
  }

  @Override
  public BulkDownloadProgress progress() {
    return BulkDownloadProgress.of(request == null ? null : request.requestId(), status.wireName(), phase, state);
  }

  /** Page after page, in order, each with its own retries and delivery window; URLs signed per attempt. */
  private BulkDownloadResult deliverPages() {
    while (!state.allPagesDelivered()) {
      RunSteps.Attempt attempt = steps.deliverPage(state);
      state = attempt.state();
      if (attempt.problem().isPresent()) {
        BulkDownloadResult end = endOrWait(attempt.problem().get());
        if (end != null) {
          return end;
        }
      }
      continueAsNewIfHistoryIsLong();
    }
    return endCompleted();
  }

  /**
   * After an attempt that did not get through: the run's end when it must give up (410, too many
   * refusals, the delivery window used up), else null once it has waited for the next attempt.
   */
  private BulkDownloadResult endOrWait(DeliveryProblem problem) {
    if (problem.outage()) {
      Duration wait = DeliveryBackoff.outage(state.policy(), state.outageRetries());
      String reason = "for an outage to end (" + state.outageRetries() + " tries so far): " + problem.message();
      if (!waitInsideWindow(wait, reason)) {
        state = state.failed(windowUsedUp("not delivered", "still waiting for: " + problem.message()));
        return endFailed(true);
      }
      return null;
    }
    if (problem.gone()) {
      state = state.failed("webhook endpoint answered 410 Gone: " + state.lastError());
      return endFailed(false, false);
    }
    if (problem.rejected()) {
      state = state.rejected();
      if (state.rejections() >= state.policy().maxRejections()) {
        state =
            state.failed("webhook endpoint refused the message " + state.rejections() + " times: " + state.lastError());
        return endFailed(false);
      }
    }
    if (!waitBeforeRetry(problem)) {
      state = state.failed(windowUsedUp("webhook not delivered", "last error: " + state.lastError()));
      return endFailed(false);
    }
    return null;
  }

  private String windowUsedUp(String what, String why) {
    return what + " within the delivery window of " + state.policy().deliveryWindow() + "; " + why;
  }

  /** Sleeps until the next delivery attempt; false once the delivery window is used up. */
  private boolean waitBeforeRetry(DeliveryProblem problem) {
    Duration wait = DeliveryBackoff.next(state.policy(), state.deliveryAttempts(), problem.retryAfter());
    return waitInsideWindow(wait, "before delivery attempt " + (state.deliveryAttempts() + 1));
  }

  /**
   * Sleeps {@code wait}, cut to what is left of the delivery window so the last try happens at its end
   * rather than never, saying why to operators and to {@code GET …/bulk}; false once the window is used up.
   */
  private boolean waitInsideWindow(Duration wait, String why) {
    long remaining = state.deliveryDeadlineMillis() - Workflow.currentTimeMillis();
    if (remaining <= 0) {
      return false;
    }
    Duration cut = wait.toMillis() > remaining ? Duration.ofMillis(remaining) : wait;
    enterPhase("waiting " + cut + " " + why);
    Workflow.sleep(cut);
    return true;
  }

  private BulkDownloadResult endCompleted() {
    status = RunStatus.COMPLETED;
    Workflow.upsertTypedSearchAttributes(
        STATUS.valueSet(status.wireName()), DOCUMENT_COUNT.valueSet((long) state.documentCount()));
    steps.cleanUp();
    ledger.recordOutcome(state.messageId(), true, null);
    enterPhase("done: delivered");
    log.info(
        "bulk download delivered requestId={} patientId={} documents={} pages={} attempts={}",
        request.requestId(),
        request.patientId(),
        state.documentCount(),
        state.pageCount(),
        state.deliveryAttempts());
    return BulkDownloadResult.of(request.requestId(), status, state);
  }

  /**
   * The customer cancelled the run ({@code DELETE …/bulk}): its attempt in flight has stopped (activities
   * wait for their cancellation), nothing more is sent, the staged data goes, and its message is recorded
   * as cancelled rather than owed. Runs in a detached scope: the run's own scope is cancelled. The run
   * closes as cancelled, which {@code GET …/bulk} reads as {@code failed} with this reason.
   */
  private BulkDownloadResult endCancelled() {
    status = RunStatus.FAILED;
    state = state == null ? null : state.failed(CANCELLED);
    Workflow.newDetachedCancellationScope(
            () -> {
              Workflow.upsertTypedSearchAttributes(
                  CUSTOMER_ID.valueSet(request.cxId()), STATUS.valueSet(status.wireName()));
              steps.cleanUp();
              if (state != null) {
                ledger.recordCancelled(state.messageId());
              }
              enterPhase("done: cancelled by the customer");
            })
        .run();
    log.info("bulk download cancelled requestId={} patientId={}", request.requestId(), request.patientId());
    // Temporal closes a workflow whose cancellation was requested as cancelled, whatever it throws
    throw new CanceledFailure(CANCELLED);
  }

  /**
   * Tells the customer the run failed, then fails the workflow. The notice is retried like a
   * regular delivery when the endpoint was not the problem (listing or signing failed); when the
   * endpoint itself is what failed, one last attempt is all that makes sense.
   */
  private BulkDownloadResult endFailed(boolean retryNotice) {
    return endFailed(retryNotice, true);
  }

  /** @param notify false when the endpoint said it is gone (410): nothing more is sent to it */
  private BulkDownloadResult endFailed(boolean retryNotice, boolean notify) {
    if (status != RunStatus.FAILED) {
      status = RunStatus.FAILED;
      Workflow.upsertTypedSearchAttributes(CUSTOMER_ID.valueSet(request.cxId()), STATUS.valueSet(status.wireName()));
    }
    log.warn(
        "bulk download failed requestId={} patientId={}: {}",
        request.requestId(),
        request.patientId(),
        state.failureReason());
    boolean notified = notify && notifyFailure(retryNotice);
    steps.cleanUp();
    // The failed notice stands in for the message only when the endpoint was never the problem; when
    // it refused or could not be reached, the documents are still owed and a retry must send them.
    ledger.recordOutcome(state.messageId(), retryNotice && notified, state.failureReason());
    enterPhase(notified ? "done: failed, customer notified" : "done: failed, customer not reachable");
    throw ApplicationFailure.newNonRetryableFailure(
        state.failureReason(), RUN_FAILED, BulkDownloadResult.of(request.requestId(), status, state));
  }

  private boolean notifyFailure(boolean retryNotice) {
    for (int attempt = 1; ; attempt++) {
      RunSteps.Attempt sent = steps.deliverFailedNotice(state, attempt);
      state = sent.state();
      Optional<DeliveryProblem> problem = sent.problem();
      if (problem.isEmpty()) {
        return true;
      }
      if (problem.get().gone() || !retryNotice) {
        return false;
      }
      if (problem.get().rejected()) {
        state = state.rejected();
        if (state.rejections() >= state.policy().maxRejections()) {
          return false;
        }
      }
      if (!waitBeforeRetry(problem.get())) {
        return false;
      }
      continueAsNewIfHistoryIsLong();
    }
  }

  private void continueAsNewIfHistoryIsLong() {
    steps.continueAsNewIfHistoryIsLong(state, status);
  }

  /** What operators read in the Temporal UI while the run goes (and what the progress query reports). */
  private void enterPhase(String description) {
    phase = description;
    String pages =
        state != null && state.pageCount() > 1 ? " · " + state.pagesDelivered() + "/" + state.pageCount() + " pages delivered" : "";
    Workflow.setCurrentDetails(
        "**" + status.wireName() + "** · " + description + " · " + (state == null ? 0 : state.documentCount()) + " documents"
            + pages);
  }
}
