package org.bulkdocs.worker.workflow;

import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.CUSTOMER_ID;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.DOCUMENT_COUNT;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.STATUS;

import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.MessageIds;
import org.bulkdocs.contract.bulk.RunCheckpoint;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.contract.bulk.RunStatus;
import org.bulkdocs.worker.delivery.AcceptedMessages;
import org.bulkdocs.worker.delivery.DeliveryReceipt;
import org.bulkdocs.worker.delivery.FailedNotice;
import org.bulkdocs.worker.delivery.FirstDelivery;
import org.bulkdocs.worker.delivery.FirstDeliveryActivities;
import org.bulkdocs.worker.delivery.FirstDeliveryInput;
import org.bulkdocs.worker.delivery.PageDelivery;
import org.bulkdocs.worker.delivery.WebhookActivities;
import org.bulkdocs.worker.listing.DocumentListing;
import org.bulkdocs.worker.staging.StagingActivities;
import org.bulkdocs.worker.staging.StagingIds;
import org.slf4j.Logger;

/**
 * The bulk workflow's steps, each one activity call that takes the run's state and returns the next:
 * a step that fails for good returns a failed state rather than throwing, and the workflow decides what
 * follows. Workflow code only.
 */
final class RunSteps {

  /** The state after one delivery attempt, and why it did not get through (empty: delivered). */
  record Attempt(RunCheckpoint state, Optional<DeliveryProblem> problem) {}

  /**
   * The state after listing (and, for a patient one message takes, the first attempt), and why it did not
   * get through: an outage when listing could not be done, the endpoint's answer when it was tried.
   */
  record Listed(RunCheckpoint state, Optional<DeliveryProblem> problem) {}

  private static final Logger log = Workflow.getLogger(RunSteps.class);

  private final BulkDownloadRequest request;
  private final Consumer<String> phase;

  /** @param phase tells operators (Temporal UI details, progress query) what the run is doing */
  RunSteps(BulkDownloadRequest request, Consumer<String> phase) {
    this.request = request;
    this.phase = phase;
  }

  /**
   * Lists the documents and, when one message takes them all, delivers it in the same activity, which
   * tracks the message as processing in the ledger meanwhile. A listing that S3 did not allow comes back as
   * an outage to wait for; only a problem retrying cannot fix fails the run.
   */
  Listed listAndDeliver(RunCheckpoint before) {
    phase.accept(before.outageRetries() == 0 ? "listing documents, then delivering them" : "listing documents again after an outage");
    FirstDelivery first;
    try {
      first =
          RunActivities.stub(
                  FirstDeliveryActivities.class,
                  RunActivities.S3_WORK,
                  "List the documents of patient " + request.patientId() + " and send them when one message holds them")
              .listAndDeliver(
                  new FirstDeliveryInput(
                      request.cxId(), request.patientId(), request.requestId(), before.messageId(), request.metadata(), scope(),
                      request.dates(), request.pageSize()));
    } catch (ActivityFailure e) {
      rethrowIfCancelled(e);
      DeliveryProblem problem = DeliveryProblem.ofStep(e);
      String why = "could not list the patient's documents: " + problem.message();
      return problem.outage()
          ? new Listed(before.waitingForOutage(why), Optional.of(problem))
          : new Listed(before.failed(why), Optional.empty());
    }
    DocumentListing listing = first.listing();
    RunCheckpoint listed =
        before.listed(
            listing.listingKey(), listing.documentCount(), listing.totalBytes(), listing.pagePlanKey(), listing.pageCount());
    if (!first.attempted()) {
      return new Listed(listed.answered(null), Optional.empty());
    }
    RunCheckpoint attempted = listed.attempting();
    if (first.receipt() != null) {
      long nextDeadline = Workflow.currentTimeMillis() + attempted.policy().deliveryWindow().toMillis();
      return new Listed(attempted.pageDelivered(nextDeadline, first.receipt().urlsValidUntilMillis()), Optional.empty());
    }
    DeliveryProblem problem = DeliveryProblem.of(first.failureType(), first.failureMessage(), first.retryAfterSeconds());
    log.warn(
        "webhook attempt 1 failed requestId={} patientId={}: {}", request.requestId(), request.patientId(), problem.message());
    return new Listed(attempted.answered(problem.message()), Optional.of(problem));
  }

  /** One delivery attempt of the failed notice; {@code attempt} counts the notice's own, from 1. */
  Attempt deliverFailedNotice(RunCheckpoint before, int attempt) {
    RunCheckpoint state = before.attempting();
    phase.accept("telling the customer the run failed, attempt " + attempt);
    try {
      RunActivities.stub(
              WebhookActivities.class,
              RunActivities.oneDeliveryAttempt(state.policy()),
              "Deliver the failed webhook, attempt " + attempt)
          .deliverFailedNotice(
              new FailedNotice(
                  request.cxId(),
                  request.patientId(),
                  request.requestId(),
                  failedNoticeMessageId(state),
                  request.metadata(),
                  scope(),
                  attempt > 1,
                  state.messageId(),
                  request.dates()));
      return new Attempt(state.answered(null), Optional.empty());
    } catch (ActivityFailure e) {
      rethrowIfCancelled(e);
      DeliveryProblem problem = failedAttempt(state, e);
      return new Attempt(state.answered(problem.message()), Optional.of(problem));
    }
  }

  private DeliveryProblem failedAttempt(RunCheckpoint state, ActivityFailure e) {
    DeliveryProblem problem = DeliveryProblem.of(e);
    log.warn(
        "webhook attempt {} failed requestId={} patientId={}: {}",
        state.deliveryAttempts(),
        request.requestId(),
        request.patientId(),
        problem.message());
    return problem;
  }

  /**
   * A single message keeps the run's messageId; each page of a paged delivery gets its own, derived so a
   * redelivery (same run messageId) sends every page under the id the customer may have seen.
   */
  private static String pageMessageId(RunCheckpoint state, int page) {
    if (state.pageCount() <= 1) {
      return state.messageId();
    }
    return MessageIds.page(state.messageId(), page);
  }

  /**
   * One delivery attempt of the next page, its URLs signed in the attempt. An attempt that found S3 down
   * does not count as one: the endpoint was not tried.
   */
  Attempt deliverPage(RunCheckpoint before) {
    RunCheckpoint state = before.attempting();
    int page = state.pagesDelivered() + 1;
    String of = state.pageCount() > 1 ? "page " + page + "/" + state.pageCount() : "the documents";
    phase.accept("delivering " + of + ", attempt " + state.deliveryAttempts());
    try {
      DeliveryReceipt receipt =
          RunActivities.stub(
                  WebhookActivities.class,
                  RunActivities.oneDeliveryAttempt(state.policy()),
                  "Sign and deliver " + of + ", attempt " + state.deliveryAttempts())
              .deliverPage(
                  new PageDelivery(
                      request.cxId(),
                      request.patientId(),
                      request.requestId(),
                      pageMessageId(state, page),
                      state.listingKey(),
                      state.pagePlanKey(),
                      page,
                      request.metadata(),
                      scope(),
                      before.lastError() != null,
                      state.messageId(),
                      request.dates()));
      long nextDeadline = Workflow.currentTimeMillis() + state.policy().deliveryWindow().toMillis();
      return new Attempt(state.pageDelivered(nextDeadline, receipt.urlsValidUntilMillis()), Optional.empty());
    } catch (ActivityFailure e) {
      rethrowIfCancelled(e);
      DeliveryProblem problem = failedAttempt(state, e);
      return problem.outage()
          ? new Attempt(before.waitingForOutage(problem.message()), Optional.of(problem))
          : new Attempt(state.answered(problem.message()), Optional.of(problem));
    }
  }

  /** Once listed: operators see the count (customer and status were set at the start). */
  void upsertListed(RunCheckpoint state, RunStatus status) {
    Workflow.upsertTypedSearchAttributes(
        CUSTOMER_ID.valueSet(request.cxId()),
        STATUS.valueSet(status.wireName()),
        DOCUMENT_COUNT.valueSet((long) state.documentCount()));
  }

  /** Past {@link BulkDownloadWorkflowImpl#CONTINUE_AS_NEW_AFTER_EVENTS} events, the run goes on as a new one. */
  void continueAsNewIfHistoryIsLong(RunCheckpoint state, RunStatus status) {
    if (Workflow.getInfo().getHistoryLength() < BulkDownloadWorkflowImpl.CONTINUE_AS_NEW_AFTER_EVENTS
        && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    log.info("continuing as new requestId={} after {} delivery attempts", request.requestId(), state.deliveryAttempts());
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder()
            .setMemo(Map.of(RunMemo.REQUEST_ID, request.requestId(), RunMemo.CUSTOMER_ID, request.cxId()))
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(CUSTOMER_ID, request.cxId())
                    .set(STATUS, status.wireName())
                    .set(DOCUMENT_COUNT, (long) state.documentCount())
                    .build())
            .build(),
        request.continueWith(state));
  }

  /** A cancelled run stops at its next step; the workflow ends it. */
  private static void rethrowIfCancelled(ActivityFailure e) {
    if (e.getCause() instanceof CanceledFailure cancelled) {
      throw cancelled;
    }
  }

  /** Deletes what the run staged: listing, page plan and the records of accepted messages. */
  void cleanUp() {
    try {
      RunActivities.localStub(
              StagingActivities.class, RunActivities.LOCAL_CLEANUP, "Delete the run's staged claim-check data")
          .deleteStagedData(stagingId());
    } catch (ActivityFailure e) {
      // leftovers only cost storage; a bucket lifecycle rule on the staging prefix sweeps them
      log.warn("could not delete staged data of requestId={}", request.requestId());
    }
  }

  /**
   * The failed notice is a message of its own: a receiver that deduplicates on messageId must not drop
   * a later redelivery of the documents because it saw the notice. Derived, so it is the same on every
   * attempt and after continue-as-new without being stored.
   */
  private static String failedNoticeMessageId(RunCheckpoint state) {
    return UUID.nameUUIDFromBytes(("failed-notice:" + state.messageId()).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Which delivery of the run's messages this is, for the record of what the endpoint accepted: the first
   * execution's run ID stays through continue-as-new, and a redelivery (another workflow) has its own.
   */
  private AcceptedMessages.Scope scope() {
    return new AcceptedMessages.Scope(stagingId(), Workflow.getInfo().getFirstExecutionRunId());
  }

  private String stagingId() {
    return StagingIds.of(request.requestId(), request.redeliveryOf() != null);
  }
}
