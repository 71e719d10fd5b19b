package org.bulkdocs.worker.workflow;

import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.CUSTOMER_ID;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.DOCUMENT_COUNT;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.STATUS;

import io.temporal.failure.ApplicationFailure;
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
 * List, sign, deliver; retry delivery with exponential backoff ({@link DeliveryBackoff}) inside a
 * delivery window, signing the URLs again whenever they would reach the customer close to expiry. Every
 * path ends either {@code completed} or visibly {@code failed} (workflow failure + status search
 * attribute), after telling the customer when that is possible.
 *
 * <p>The run's state is one record, {@link RunCheckpoint}, which is also what continue-as-new carries.
 * Only keys and counts cross Temporal: the documents and URLs stay in S3 (claim check). How activities
 * are called is {@link RunActivities}, each step (list, sign, one delivery attempt, clean-up) is
 * {@link RunSteps}, the webhook ledger is {@link RunLedger}. This class decides what comes next. A run can be a redelivery
 * of a failed message ({@link BulkDownloadRequest#redeliveryOf()}): same messageId, requestId and
 * metadata, documents listed and URLs signed afresh.
 */
@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class BulkDownloadWorkflowImpl implements BulkDownloadWorkflow {

  /** Failure type of a run that ended {@code failed}. */
  public static final String RUN_FAILED = "BulkDownloadFailed";

  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

  /**
   * The failed notice got its own messageId; runs recorded before that (no marker) keep sending it with
   * the documents' messageId, as they did.
   */
  static final String FAILED_NOTICE_ID_CHANGE = "failed-notice-message-id";

  /**
   * Pages signed at send time. Runs recorded before it (no marker) list without a page plan and deliver
   * one message from a staged signed copy, as they did.
   */
  static final String PAGED_DELIVERY_CHANGE = "paged-delivery";

  private static final Logger log = Workflow.getLogger(BulkDownloadWorkflowImpl.class);

  private BulkDownloadRequest request;
  private RunLedger ledger;
  private RunSteps steps;
  private RunCheckpoint state;
  private boolean paging;
  private RunStatus status = RunStatus.PROCESSING;
  private String phase = "starting";

  @Override
  public BulkDownloadResult run(BulkDownloadRequest request) {
    this.request = request;
    paging = Workflow.getVersion(PAGED_DELIVERY_CHANGE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    ledger = new RunLedger(request, paging);
    steps = new RunSteps(request, ledger, this::enterPhase, paging);
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

    if (!state.hasFailed() && state.listingKey() == null && state.pageCount() == 0) {
      Optional<DeliveryProblem> problem = Optional.empty();
      if (paging) {
        RunSteps.Listed listed = steps.listAndDeliver(state);
        state = listed.state();
        problem = listed.problem();
      } else {
        state = steps.list(state);
      }
      // operators see the count while the pages go (a run delivered at once sets it when it ends)
      if (!state.hasFailed() && (!paging || !state.allPagesDelivered())) {
        steps.upsertListed(state, status);
      }
      if (!state.hasFailed() && problem.isPresent()) {
        BulkDownloadResult end = endOrWait(problem.get());
        if (end != null) {
          return end;
        }
      }
    }
    if (state.hasFailed()) {
      return endFailed(true);
    }
    return deliverDocuments();
  }

  @Override
  public BulkDownloadProgress progress() {
    return BulkDownloadProgress.of(request == null ? null : request.requestId(), status.wireName(), phase, state);
  }

  private BulkDownloadResult deliverDocuments() {
    return state.deliversPages() ? deliverPages() : deliverSignedCopy();
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

  /** Runs listed before paging: one message from the staged signed copy, signed again near expiry. */
  private BulkDownloadResult deliverSignedCopy() {
    while (true) {
      if (urlsNeedSigning()) {
        state = steps.sign(state);
        if (state.hasFailed()) {
          return endFailed(true);
        }
      }
      Optional<DeliveryProblem> problem = attemptDelivery(RunStatus.COMPLETED, state.signedDocumentsKey());
      if (problem.isEmpty()) {
        return endCompleted();
      }
      BulkDownloadResult end = endOrWait(problem.get());
      if (end != null) {
        return end;
      }
      continueAsNewIfHistoryIsLong();
    }
  }

  /**
   * After an attempt that did not get through: the run's end when it must give up (410, too many
   * refusals, the delivery window used up), else null once it has waited for the next attempt.
   */
  private BulkDownloadResult endOrWait(DeliveryProblem problem) {
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
      state =
          state.failed(
              "webhook not delivered within the delivery window of "
                  + state.policy().deliveryWindow()
                  + "; last error: "
                  + state.lastError());
      return endFailed(false);
    }
    return null;
  }

  private boolean urlsNeedSigning() {
    return state.signedDocumentsKey() == null
        || Workflow.currentTimeMillis() + state.policy().urlRefreshMargin().toMillis() >= state.urlsValidUntilMillis();
  }

  /** One attempt, through {@link RunSteps}; the state records it whatever the outcome. */
  private Optional<DeliveryProblem> attemptDelivery(RunStatus messageStatus, String documentsKey) {
    RunSteps.Attempt attempt = steps.deliver(state, messageStatus, documentsKey);
    state = attempt.state();
    return attempt.problem();
  }

  /** Sleeps until the next attempt; false once the delivery window is used up. */
  private boolean waitBeforeRetry(DeliveryProblem problem) {
    long remaining = state.deliveryDeadlineMillis() - Workflow.currentTimeMillis();
    if (remaining <= 0) {
      return false;
    }
    Duration wait = DeliveryBackoff.next(state.policy(), state.deliveryAttempts(), problem.retryAfter());
    // the last attempt happens at the end of the window rather than never
    wait = wait.toMillis() > remaining ? Duration.ofMillis(remaining) : wait;
    enterPhase("waiting " + wait + " before delivery attempt " + (state.deliveryAttempts() + 1));
    Workflow.sleep(wait);
    return true;
  }

  private BulkDownloadResult endCompleted() {
    status = RunStatus.COMPLETED;
    if (paging) {
      Workflow.upsertTypedSearchAttributes(
          STATUS.valueSet(status.wireName()), DOCUMENT_COUNT.valueSet((long) state.documentCount()));
    } else {
      Workflow.upsertTypedSearchAttributes(STATUS.valueSet(status.wireName()));
    }
    steps.cleanUp(state);
    ledger.recordOutcome(state.messageId(), true, null);
    enterPhase("done: delivered");
    log.info(
        "bulk download delivered requestId={} patientId={} documents={} pages={} attempts={}",
        request.requestId(),
        request.patientId(),
        state.documentCount(),
        state.pageCount(),
        state.deliveryAttempts());
    return new BulkDownloadResult(
        request.requestId(), status.wireName(), state.documentCount(), state.deliveryAttempts());
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
    steps.cleanUp(state);
    // The failed notice stands in for the message only when the endpoint was never the problem; when
    // it refused or could not be reached, the documents are still owed and a retry must send them.
    ledger.recordOutcome(state.messageId(), retryNotice && notified, state.failureReason());
    enterPhase(notified ? "done: failed, customer notified" : "done: failed, customer not reachable");
    throw ApplicationFailure.newNonRetryableFailure(state.failureReason(), RUN_FAILED);
  }

  private boolean notifyFailure(boolean retryNotice) {
    while (true) {
      Optional<DeliveryProblem> problem = attemptDelivery(RunStatus.FAILED, null);
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
