package org.bulkdocs.worker.workflow;

import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.CUSTOMER_ID;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.DOCUMENT_COUNT;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.STATUS;

import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.RunCheckpoint;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.contract.bulk.RunStatus;
import org.bulkdocs.worker.listing.DocumentListing;
import org.bulkdocs.worker.listing.DocumentListingActivities;
import org.bulkdocs.worker.listing.ListDocumentsInput;
import org.bulkdocs.worker.signing.SignUrlsInput;
import org.bulkdocs.worker.signing.SignedDocuments;
import org.bulkdocs.worker.signing.UrlSigningActivities;
import org.bulkdocs.worker.staging.StagingActivities;
import org.bulkdocs.worker.webhook.DeliveryReceipt;
import org.bulkdocs.worker.webhook.FirstDelivery;
import org.bulkdocs.worker.webhook.FirstDeliveryActivities;
import org.bulkdocs.worker.webhook.FirstDeliveryInput;
import org.bulkdocs.worker.webhook.PageDelivery;
import org.bulkdocs.worker.webhook.WebhookActivities;
import org.bulkdocs.worker.webhook.WebhookDelivery;
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
   * The state after listing (and, for a patient one message takes, the first attempt).
   *
   * @param attempted the first delivery attempt was made ({@code problem} says how it went)
   */
  record Listed(RunCheckpoint state, boolean attempted, Optional<DeliveryProblem> problem) {}

  private static final Logger log = Workflow.getLogger(RunSteps.class);

  private final BulkDownloadRequest request;
  private final RunLedger ledger;
  private final Consumer<String> phase;
  private final boolean paging;

  /**
   * @param phase tells operators (Temporal UI details, progress query) what the run is doing
   * @param paging the run delivers pages signed at send time; false only in runs recorded before
   */
  RunSteps(BulkDownloadRequest request, RunLedger ledger, Consumer<String> phase, boolean paging) {
    this.request = request;
    this.ledger = ledger;
    this.phase = phase;
    this.paging = paging;
  }

  RunCheckpoint list(RunCheckpoint state) {
    phase.accept("listing documents");
    try {
      DocumentListing listing =
          RunActivities.stub(
                  DocumentListingActivities.class,
                  RunActivities.S3_WORK,
                  "List the documents of patient " + request.patientId() + " in S3")
              .listDocuments(new ListDocumentsInput(request.cxId(), request.patientId(), stagingId()));
      return paging && listing.pageCount() > 0
          ? state.listed(
              listing.listingKey(), listing.documentCount(), listing.totalBytes(), listing.pagePlanKey(), listing.pageCount())
          : state.listed(listing.listingKey(), listing.documentCount(), listing.totalBytes());
    } catch (ActivityFailure e) {
      return state.failed("could not list the patient's documents: " + DeliveryProblem.of(e).message());
    }
  }

  /**
   * Paged runs: lists the documents and, when one message takes them all, delivers it in the same
   * activity; the message is tracked as processing in the ledger first.
   */
  Listed listAndDeliver(RunCheckpoint before) {
    ledger.recordProcessingOnce(before.messageId());
    phase.accept("listing documents, then delivering them");
    try {
      FirstDelivery first =
          RunActivities.stub(
                  FirstDeliveryActivities.class,
                  RunActivities.S3_WORK,
                  "List the documents of patient " + request.patientId() + " and send them when one message holds them")
              .listAndDeliver(
                  new FirstDeliveryInput(
                      request.cxId(), request.patientId(), request.requestId(), before.messageId(), stagingId(), request.metadata()));
      DocumentListing listing = first.listing();
      RunCheckpoint listed =
          before.listed(
              listing.listingKey(), listing.documentCount(), listing.totalBytes(), listing.pagePlanKey(), listing.pageCount());
      if (!first.attempted()) {
        return new Listed(listed, false, Optional.empty());
      }
      RunCheckpoint attempted = listed.attempting();
      if (first.receipt() != null) {
        long nextDeadline = Workflow.currentTimeMillis() + attempted.policy().deliveryWindow().toMillis();
        return new Listed(
            attempted.answered(null).pageDelivered(nextDeadline, first.receipt().urlsValidUntilMillis()), true, Optional.empty());
      }
      DeliveryProblem problem = DeliveryProblem.of(first.failureType(), first.failureMessage(), first.retryAfterSeconds());
      log.warn(
          "webhook attempt 1 failed requestId={} patientId={}: {}", request.requestId(), request.patientId(), problem.message());
      return new Listed(attempted.answered(problem.message()), true, Optional.of(problem));
    } catch (ActivityFailure e) {
      return new Listed(
          before.failed("could not list the patient's documents: " + DeliveryProblem.of(e).message()), false, Optional.empty());
    }
  }

  RunCheckpoint sign(RunCheckpoint state) {
    boolean firstSigning = state.signedDocumentsKey() == null;
    phase.accept(firstSigning ? "signing URLs" : "signing URLs again before they expire");
    // Workflow time at scheduling is never later than the signer's clock, so this errs early.
    long signedAt = Workflow.currentTimeMillis();
    try {
      SignedDocuments signed =
          RunActivities.stub(
                  UrlSigningActivities.class,
                  RunActivities.S3_WORK,
                  (firstSigning ? "Presign " : "Presign again ") + state.documentCount() + " download URLs")
              .signUrls(new SignUrlsInput(stagingId(), state.listingKey()));
      return state.signed(signed.signedDocumentsKey(), signedAt + signed.validForSeconds() * 1000);
    } catch (ActivityFailure e) {
      return state.failed("could not presign the download URLs: " + DeliveryProblem.of(e).message());
    }
  }

  /**
   * One delivery attempt of the documents ({@code COMPLETED}, with the staged documents) or of the
   * failed notice ({@code FAILED}, no documents).
   */
  Attempt deliver(RunCheckpoint before, RunStatus messageStatus, String documentsKey) {
    ledger.recordProcessingOnce(before.messageId());
    RunCheckpoint state = before.attempting();
    phase.accept("delivering webhook, attempt " + state.deliveryAttempts());
    try {
      RunActivities.stub(
              WebhookActivities.class,
              RunActivities.oneDeliveryAttempt(state.policy()),
              "Deliver the " + messageStatus.wireName() + " webhook, attempt " + state.deliveryAttempts())
          .deliverWebhook(
              new WebhookDelivery(
                  request.cxId(),
                  request.patientId(),
                  request.requestId(),
                  messageStatus == RunStatus.FAILED ? failedNoticeMessageId(state) : state.messageId(),
                  messageStatus.wireName(),
                  documentsKey,
                  request.metadata()));
      return new Attempt(state.answered(null), Optional.empty());
    } catch (ActivityFailure e) {
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
    return UUID.nameUUIDFromBytes(("page:" + state.messageId() + ":" + page).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** One delivery attempt of the next page, its URLs signed in the attempt. */
  Attempt deliverPage(RunCheckpoint before) {
    ledger.recordProcessingOnce(before.messageId());
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
                      request.metadata()));
      long nextDeadline = Workflow.currentTimeMillis() + state.policy().deliveryWindow().toMillis();
      return new Attempt(state.answered(null).pageDelivered(nextDeadline, receipt.urlsValidUntilMillis()), Optional.empty());
    } catch (ActivityFailure e) {
      DeliveryProblem problem = failedAttempt(state, e);
      return new Attempt(state.answered(problem.message()), Optional.of(problem));
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

  /** Deletes what the run staged; a paged run that staged nothing (delivered at once) has nothing to do. */
  void cleanUp(RunCheckpoint state) {
    if (paging && state.listingKey() == null) {
      return;
    }
    try {
      StagingActivities staging =
          paging
              ? RunActivities.localStub(
                  StagingActivities.class, RunActivities.LOCAL_CLEANUP, "Delete the run's staged claim-check data")
              : RunActivities.stub(StagingActivities.class, RunActivities.CLEANUP, null);
      staging.deleteStagedData(stagingId());
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
    int version =
        Workflow.getVersion(BulkDownloadWorkflowImpl.FAILED_NOTICE_ID_CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) {
      return state.messageId();
    }
    return UUID.nameUUIDFromBytes(("failed-notice:" + state.messageId()).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Where this run stages its claim-check data. A redelivery never shares the original run's folder, so
   * the original's clean-up can never delete what a redelivery just staged.
   */
  private String stagingId() {
    return request.redeliveryOf() == null ? request.requestId() : request.requestId() + "-redelivery";
  }
}
