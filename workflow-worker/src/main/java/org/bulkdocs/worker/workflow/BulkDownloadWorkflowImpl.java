package org.bulkdocs.worker.workflow;

import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.CUSTOMER_ID;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.DOCUMENT_COUNT;
import static org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes.STATUS;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.WorkflowImpl;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.bulkdocs.contract.bulk.RunCheckpoint;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.contract.bulk.RunStatus;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.ledger.WebhookLedgerActivities;
import org.bulkdocs.worker.listing.DocumentListing;
import org.bulkdocs.worker.listing.DocumentListingActivities;
import org.bulkdocs.worker.listing.ListDocumentsInput;
import org.bulkdocs.worker.policy.DeliveryPolicyActivities;
import org.bulkdocs.worker.signing.SignUrlsInput;
import org.bulkdocs.worker.signing.SignedDocuments;
import org.bulkdocs.worker.signing.UrlSigningActivities;
import org.bulkdocs.worker.staging.StagingActivities;
import org.bulkdocs.worker.webhook.WebhookActivities;
import org.bulkdocs.worker.webhook.WebhookDelivery;
import org.bulkdocs.worker.webhook.WebhookFailures;
import org.slf4j.Logger;

/**
 * List, sign, deliver; retry delivery with exponential backoff inside a delivery window, signing the
 * URLs again whenever they would reach the customer close to expiry. Every path ends either
 * {@code completed} or visibly {@code failed} (workflow failure + status search attribute), after
 * telling the customer when that is possible.
 *
 * <p>Only keys and counts cross Temporal: the documents and URLs stay in S3 (claim check).
 *
 * <p>Since version 1 of {@link #WEBHOOK_LEDGER_CHANGE}, each message is also tracked in the customer's
 * webhook ledger (processing, then delivered or failed), and a run can be a redelivery of a failed
 * message ({@link BulkDownloadRequest#redeliveryOf()}): same messageId, requestId and metadata, documents
 * listed and URLs signed afresh.
 */
@WorkflowImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class BulkDownloadWorkflowImpl implements BulkDownloadWorkflow {

  /** Failure type of a run that ended {@code failed}. */
  public static final String RUN_FAILED = "BulkDownloadFailed";

  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

  /**
   * The change that added the webhook ledger activities. Runs recorded before it (no marker in their
   * history) replay at {@code DEFAULT_VERSION} and schedule no ledger activity.
   */
  static final String WEBHOOK_LEDGER_CHANGE = "webhook-ledger";

  static final int WEBHOOK_LEDGER_VERSION = 1;

  private static final Logger log = Workflow.getLogger(BulkDownloadWorkflowImpl.class);

  /**
   * The failed notice got its own messageId; runs recorded before that (no marker) keep sending it with
   * the documents' messageId, as they did.
   */
  static final String FAILED_NOTICE_ID_CHANGE = "failed-notice-message-id";

  private static final ActivityOptions S3_WORK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(15))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(8)
                  .build())
          .build();


  private static final ActivityOptions CLEANUP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .setSummary("Delete the run's staged claim-check data")
          .build();

  /**
   * Bookkeeping: retried patiently, and a run never fails because of it. It heartbeats like the rest:
   * the fault suite caught a run waiting out this minute for a ledger step lost with its worker.
   */
  private static final ActivityOptions LEDGER =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(12)
                  .build())
          .build();

  private final DeliveryPolicyActivities policies =
      Workflow.newLocalActivityStub(
          DeliveryPolicyActivities.class,
          LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  private BulkDownloadRequest request;
  private DeliveryPolicy policy;
  private String messageId;
  private long deliveryDeadlineMillis;
  private String listingKey;
  private int documentCount;
  private long totalBytes;
  private String signedDocumentsKey;
  private long urlsValidUntilMillis;
  private int deliveryAttempts;
  private int rejections;
  private String lastError;
  private String failureReason;
  private RunStatus status = RunStatus.PROCESSING;
  private String phase = "starting";
  private boolean ledgerEnabled;
  /** Per execution: after a continue-as-new the entry is written once more, which is harmless. */
  private boolean processingRecorded;

  @Override
  public BulkDownloadResult run(BulkDownloadRequest request) {
    this.request = request;
    ledgerEnabled =
        Workflow.getVersion(WEBHOOK_LEDGER_CHANGE, Workflow.DEFAULT_VERSION, WEBHOOK_LEDGER_VERSION)
            >= WEBHOOK_LEDGER_VERSION;
    if (request.checkpoint() == null) {
      policy = policies.currentDeliveryPolicy();
      // a redelivery keeps the identity the customer may already have seen
      messageId =
          request.redeliveryOf() != null ? request.redeliveryOf() : Workflow.randomUUID().toString();
      deliveryDeadlineMillis = Workflow.currentTimeMillis() + policy.deliveryWindow().toMillis();
    } else {
      restore(request.checkpoint());
    }

    if (failureReason != null) {
      return endFailed(true);
    }
    if (listingKey == null && !listDocuments()) {
      return endFailed(true);
    }
    return deliverDocuments();
  }

  @Override
  public BulkDownloadProgress progress() {
    return new BulkDownloadProgress(
        request == null ? null : request.requestId(),
        status.wireName(),
        phase,
        documentCount,
        deliveryAttempts,
        lastError,
        urlsValidUntilMillis);
  }

  private boolean listDocuments() {
    enterPhase("listing documents");
    try {
      DocumentListing listing =
          activity(
                  DocumentListingActivities.class,
                  S3_WORK,
                  "List the documents of patient " + request.patientId() + " in S3")
              .listDocuments(new ListDocumentsInput(request.cxId(), request.patientId(), stagingId()));
      listingKey = listing.listingKey();
      documentCount = listing.documentCount();
      totalBytes = listing.totalBytes();
      Workflow.upsertTypedSearchAttributes(
          CUSTOMER_ID.valueSet(request.cxId()),
          STATUS.valueSet(status.wireName()),
          DOCUMENT_COUNT.valueSet((long) documentCount));
      return true;
    } catch (ActivityFailure e) {
      failureReason = "could not list the patient's documents: " + DeliveryProblem.of(e).message();
      return false;
    }
  }

  private BulkDownloadResult deliverDocuments() {
    while (true) {
      if (urlsNeedSigning() && !signUrls()) {
        return endFailed(true);
      }
      Optional<DeliveryProblem> problem =
          attemptDelivery(RunStatus.COMPLETED, signedDocumentsKey);
      if (problem.isEmpty()) {
        return endCompleted();
      }
      if (problem.get().gone()) {
        failureReason = "webhook endpoint answered 410 Gone: " + lastError;
        return endFailed(false, false);
      }
      if (problem.get().rejected() && ++rejections >= policy.maxRejections()) {
        failureReason =
            "webhook endpoint refused the message " + rejections + " times: " + lastError;
        return endFailed(false);
      }
      if (!waitBeforeRetry(problem.get())) {
        failureReason =
            "webhook not delivered within the delivery window of "
                + policy.deliveryWindow()
                + "; last error: "
                + lastError;
        return endFailed(false);
      }
      continueAsNewIfHistoryIsLong();
    }
  }

  private boolean urlsNeedSigning() {
    return signedDocumentsKey == null
        || Workflow.currentTimeMillis() + policy.urlRefreshMargin().toMillis()
            >= urlsValidUntilMillis;
  }

  private boolean signUrls() {
    boolean firstSigning = signedDocumentsKey == null;
    enterPhase(firstSigning ? "signing URLs" : "signing URLs again before they expire");
    // Workflow time at scheduling is never later than the signer's clock, so this errs early.
    long signedAt = Workflow.currentTimeMillis();
    try {
      SignedDocuments signed =
          activity(
                  UrlSigningActivities.class,
                  S3_WORK,
                  (firstSigning ? "Presign " : "Presign again ")
                      + documentCount
                      + " download URLs")
              .signUrls(new SignUrlsInput(stagingId(), listingKey));
      signedDocumentsKey = signed.signedDocumentsKey();
      urlsValidUntilMillis = signedAt + signed.validForSeconds() * 1000;
      return true;
    } catch (ActivityFailure e) {
      failureReason = "could not presign the download URLs: " + DeliveryProblem.of(e).message();
      return false;
    }
  }

  private Optional<DeliveryProblem> attemptDelivery(RunStatus messageStatus, String documentsKey) {
    recordProcessingOnce();
    deliveryAttempts++;
    enterPhase("delivering webhook, attempt " + deliveryAttempts);
    try {
      activity(
              WebhookActivities.class,
              oneDeliveryAttempt(),
              "Deliver the " + messageStatus.wireName() + " webhook, attempt " + deliveryAttempts)
          .deliverWebhook(
              new WebhookDelivery(
                  request.cxId(),
                  request.patientId(),
                  request.requestId(),
                  messageStatus == RunStatus.FAILED ? failedNoticeMessageId() : messageId,
                  messageStatus.wireName(),
                  documentsKey,
                  request.metadata()));
      lastError = null;
      return Optional.empty();
    } catch (ActivityFailure e) {
      DeliveryProblem problem = DeliveryProblem.of(e);
      lastError = problem.message();
      log.warn(
          "webhook attempt {} failed requestId={} patientId={}: {}",
          deliveryAttempts,
          request.requestId(),
          request.patientId(),
          lastError);
      return Optional.of(problem);
    }
  }

  /**
   * The workflow owns delivery retries: it must re-sign URLs and respect the window between them. The
   * server retries an attempt only when it was lost (its worker died: heartbeat or start-to-close
   * timeout), at once; every answer of the endpoint comes back here.
   */
  private ActivityOptions oneDeliveryAttempt() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(policy.attemptTimeoutOrLegacy())
        .setHeartbeatTimeout(BackgroundHeartbeat.TIMEOUT)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumAttempts(3)
                .setDoNotRetry(WebhookFailures.UNAVAILABLE, WebhookFailures.REJECTED, WebhookFailures.GONE)
                .build())
        .build();
  }

  /**
   * The failed notice is a message of its own: a receiver that deduplicates on messageId must not drop
   * a later redelivery of the documents because it saw the notice. Derived, so it is the same on every
   * attempt and after continue-as-new without being stored.
   */
  private String failedNoticeMessageId() {
    if (Workflow.getVersion(FAILED_NOTICE_ID_CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return messageId;
    }
    return UUID.nameUUIDFromBytes(("failed-notice:" + messageId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Sleeps until the next attempt; false once the delivery window is used up. */
  private boolean waitBeforeRetry(DeliveryProblem problem) {
    long remaining = deliveryDeadlineMillis - Workflow.currentTimeMillis();
    if (remaining <= 0) {
      return false;
    }
    Duration wait = backoff(deliveryAttempts, problem.retryAfter());
    // the last attempt happens at the end of the window rather than never
    wait = wait.toMillis() > remaining ? Duration.ofMillis(remaining) : wait;
    enterPhase("waiting " + wait + " before delivery attempt " + (deliveryAttempts + 1));
    Workflow.sleep(wait);
    return true;
  }

  private Duration backoff(int attempt, Duration retryAfter) {
    Duration wait = policy.initialBackoff();
    for (int i = 1; i < attempt && wait.compareTo(policy.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    if (wait.compareTo(policy.maxBackoff()) > 0) {
      wait = policy.maxBackoff();
    }
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : retryAfter;
    }
    return wait;
  }

  private BulkDownloadResult endCompleted() {
    status = RunStatus.COMPLETED;
    Workflow.upsertTypedSearchAttributes(STATUS.valueSet(status.wireName()));
    cleanUp();
    recordOutcomeInLedger(true);
    enterPhase("done: delivered");
    log.info(
        "bulk download delivered requestId={} patientId={} documents={} attempts={}",
        request.requestId(),
        request.patientId(),
        documentCount,
        deliveryAttempts);
    return new BulkDownloadResult(
        request.requestId(), status.wireName(), documentCount, deliveryAttempts);
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
      Workflow.upsertTypedSearchAttributes(
          CUSTOMER_ID.valueSet(request.cxId()), STATUS.valueSet(status.wireName()));
    }
    log.warn(
        "bulk download failed requestId={} patientId={}: {}",
        request.requestId(),
        request.patientId(),
        failureReason);
    boolean notified = notify && notifyFailure(retryNotice);
    cleanUp();
    // The failed notice stands in for the message only when the endpoint was never the problem; when
    // it refused or could not be reached, the documents are still owed and a retry must send them.
    recordOutcomeInLedger(retryNotice && notified);
    enterPhase(notified ? "done: failed, customer notified" : "done: failed, customer not reachable");
    throw ApplicationFailure.newNonRetryableFailure(failureReason, RUN_FAILED);
  }

  private boolean notifyFailure(boolean retryNotice) {
    while (true) {
      Optional<DeliveryProblem> problem = attemptDelivery(RunStatus.FAILED, null);
      if (problem.isEmpty()) {
        return true;
      }
      if (problem.get().gone()
          || !retryNotice
          || (problem.get().rejected() && ++rejections >= policy.maxRejections())
          || !waitBeforeRetry(problem.get())) {
        return false;
      }
      continueAsNewIfHistoryIsLong();
    }
  }

  private void cleanUp() {
    try {
      activity(StagingActivities.class, CLEANUP, null).deleteStagedData(stagingId());
    } catch (ActivityFailure e) {
      // leftovers only cost storage; a bucket lifecycle rule on the staging prefix sweeps them
      log.warn("could not delete staged data of requestId={}", request.requestId());
    }
  }

  /**
   * Where this run stages its claim-check data. A redelivery never shares the original run's folder, so
   * the original's clean-up can never delete what a redelivery just staged.
   */
  private String stagingId() {
    return request.redeliveryOf() == null ? request.requestId() : request.requestId() + "-redelivery";
  }

  private void recordProcessingOnce() {
    if (!ledgerEnabled || processingRecorded) {
      return;
    }
    processingRecorded = true;
    try {
      activity(WebhookLedgerActivities.class, LEDGER, "Track the webhook message as processing in the customer's ledger")
          .recordProcessing(ledgerEntry());
    } catch (ActivityFailure e) {
      log.warn("could not track requestId={} messageId={} in the webhook ledger", request.requestId(), messageId);
    }
  }

  private void recordOutcomeInLedger(boolean delivered) {
    if (!ledgerEnabled) {
      return;
    }
    try {
      WebhookLedgerActivities ledger =
          activity(
              WebhookLedgerActivities.class,
              LEDGER,
              delivered
                  ? "Remove the delivered message from the customer's webhook ledger"
                  : "Record the message as failed in the customer's webhook ledger, for POST /settings/webhook/retry");
      if (delivered) {
        ledger.recordDelivered(request.cxId(), messageId);
      } else {
        ledger.recordFailed(ledgerEntry().failed(failureReason));
      }
    } catch (ActivityFailure e) {
      log.warn(
          "could not record requestId={} messageId={} as {} in the webhook ledger",
          request.requestId(),
          messageId,
          delivered ? "delivered" : "failed");
    }
  }

  private LedgerEntry ledgerEntry() {
    return LedgerEntry.processing(
        request.cxId(), request.patientId(), request.requestId(), messageId, request.metadata());
  }

  private void continueAsNewIfHistoryIsLong() {
    if (Workflow.getInfo().getHistoryLength() < CONTINUE_AS_NEW_AFTER_EVENTS
        && !Workflow.getInfo().isContinueAsNewSuggested()) {
      return;
    }
    log.info(
        "continuing as new requestId={} after {} delivery attempts",
        request.requestId(),
        deliveryAttempts);
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder()
            .setMemo(
                Map.of(RunMemo.REQUEST_ID, request.requestId(), RunMemo.CUSTOMER_ID, request.cxId()))
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(CUSTOMER_ID, request.cxId())
                    .set(STATUS, status.wireName())
                    .set(DOCUMENT_COUNT, (long) documentCount)
                    .build())
            .build(),
        request.continueWith(checkpoint()));
  }

  private RunCheckpoint checkpoint() {
    return new RunCheckpoint(
        messageId,
        deliveryDeadlineMillis,
        policy,
        listingKey,
        documentCount,
        totalBytes,
        signedDocumentsKey,
        urlsValidUntilMillis,
        deliveryAttempts,
        rejections,
        lastError,
        failureReason);
  }

  private void restore(RunCheckpoint checkpoint) {
    messageId = checkpoint.messageId();
    deliveryDeadlineMillis = checkpoint.deliveryDeadlineMillis();
    policy = checkpoint.policy();
    listingKey = checkpoint.listingKey();
    documentCount = checkpoint.documentCount();
    totalBytes = checkpoint.totalBytes();
    signedDocumentsKey = checkpoint.signedDocumentsKey();
    urlsValidUntilMillis = checkpoint.urlsValidUntilMillis();
    deliveryAttempts = checkpoint.deliveryAttempts();
    rejections = checkpoint.rejections();
    lastError = checkpoint.lastError();
    failureReason = checkpoint.failureReason();
    if (failureReason != null) {
      status = RunStatus.FAILED;
    }
  }

  private void enterPhase(String description) {
    phase = description;
    Workflow.setCurrentDetails(
        "**" + status.wireName() + "** · " + description + " · " + documentCount + " documents");
  }

  private static <T> T activity(Class<T> type, ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        type, summary == null ? options : ActivityOptions.newBuilder(options).setSummary(summary).build());
  }
}
