package org.bulkdocs.worker.delivery;

import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.nio.file.Files;
import java.util.Optional;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.listing.DocumentLister;
import org.bulkdocs.worker.listing.DocumentListing;
import org.bulkdocs.worker.messages.PageMessages;
import org.bulkdocs.worker.messages.WebhookMessage;
import org.bulkdocs.worker.sending.WebhookFailures;
import org.bulkdocs.worker.targets.PageSizes;
import org.bulkdocs.worker.targets.WebhookTarget;
import org.bulkdocs.worker.targets.WebhookTargets;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Lists a patient and, when one message holds the documents, sends it at once; the message is tracked as
 * processing in the webhook ledger meanwhile ({@link ProcessingEntries}). Listing and building take a
 * {@link LargeWork} permit each; the POST runs in the customer's own slot and holds none.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class FirstDeliveryActivitiesImpl implements FirstDeliveryActivities {

  private final DocumentLister lister;
  private final WebhookAttempts attempts;
  private final PageMessages pages;
  private final LargeWork largeWork;
  private final CustomerSettingsStore settings;
  private final PageSizes pageSizes;
  private final WebhookTargets targets;
  private final ProcessingEntries processing;

  public FirstDeliveryActivitiesImpl(
      DocumentLister lister,
      WebhookAttempts attempts,
      PageMessages pages,
      LargeWork largeWork,
      CustomerSettingsStore settings,
      PageSizes pageSizes,
      WebhookTargets targets,
      ProcessingEntries processing) {
    this.lister = lister;
    this.attempts = attempts;
    this.pages = pages;
    this.largeWork = largeWork;
    this.settings = settings;
    this.pageSizes = pageSizes;
    this.targets = targets;
    this.processing = processing;
  }

  @Override
  public FirstDelivery listAndDeliver(FirstDeliveryInput input) {
    try {
      return BackgroundHeartbeat.around(() -> listAndDeliverNow(input));
    } catch (NoSuchBucketException e) {
      // configuration, not an outage: waiting would not bring the bucket back
      throw ApplicationFailure.newNonRetryableFailure("the documents bucket does not exist", "DocumentsBucketMissing");
    }
  }

  /** The message is tracked as processing while the documents are listed; it has landed before anything is sent. */
  private FirstDelivery listAndDeliverNow(FirstDeliveryInput input) {
    ProcessingEntries.Pending tracked = processing.track(input);
    try {
      return listAndDeliverNow(input, tracked);
    } finally {
      tracked.landed();
    }
  }

  private FirstDelivery listAndDeliverNow(FirstDeliveryInput input, ProcessingEntries.Pending tracked) {
    // One read of the customer's settings gives both the page size and the target (an S3 call fewer).
    Optional<CustomerSettings> stored;
    boolean readable = true;
    try {
      stored = settings.find(input.cxId());
    } catch (SdkException e) {
      throw e; // S3 trouble: the activity is retried, then the run waits for S3
    } catch (RuntimeException e) {
      // settings no key decrypts: the delivery attempts that follow report it the way they always do
      stored = Optional.empty();
      readable = false;
    }
    int pageSize = input.pageSize() != null ? input.pageSize() : pageSizes.of(stored);
    try (DocumentLister.Listed listed =
        largeWork.run(() -> lister.list(input.cxId(), input.patientId(), pageSize, input.dates()))) {
      String stagingId = input.scope().stagingId();
      if (listed.plan().paged() || !readable) {
        return new FirstDelivery(largeWork.run(() -> lister.stage(listed, stagingId)), null, null, null, null);
      }
      Optional<WebhookTarget> customerTarget = targets.from(input.cxId(), stored);
      PageDelivery delivery =
          new PageDelivery(
              input.cxId(), input.patientId(), input.requestId(), input.messageId(), null, null, 1, input.metadata(),
              input.scope(), false, input.messageId(), input.dates());
      tracked.landed();
      try {
        DeliveryReceipt receipt =
            attempts.measured(
                input.cxId(),
                () ->
                    attempts.attempt(
                        customerTarget,
                        new WebhookAttempts.Spec(
                            input.cxId(), input.patientId(), input.requestId(), input.messageId(), "completed",
                            input.scope(), false,
                            new DeliveryLog.Message(
                                WebhookMessage.TYPE, input.messageId(), null, null, input.metadata(), input.dates(),
                                listed.plan().pageSize())),
                        target ->
                            WebhookAttempts.staged(
                                () ->
                                    largeWork.run(
                                        () -> pages.build(target, delivery.source(), null, () -> Files.newInputStream(listed.file()))))));
        return new FirstDelivery(
            new DocumentListing(null, listed.documentCount(), listed.totalBytes(), null, 1), receipt, null, null, null);
      } catch (ApplicationFailure failure) {
        if (WebhookFailures.DEPENDENCY_DOWN.equals(failure.getType())) {
          throw failure; // S3 again: retried like the listing
        }
        // the attempts that follow read the listing from S3
        DocumentListing staged = largeWork.run(() -> lister.stage(listed, stagingId));
        Long retryAfter =
            WebhookFailures.UNAVAILABLE.equals(failure.getType()) && failure.getDetails().getSize() > 0
                ? failure.getDetails().get(Long.class)
                : null;
        return new FirstDelivery(staged, null, failure.getType(), failure.getOriginalMessage(), retryAfter);
      }
    }
  }
}
