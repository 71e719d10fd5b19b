package org.bulkdocs.worker.webhook;

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
import org.bulkdocs.worker.paging.PageSizes;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

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

  public FirstDeliveryActivitiesImpl(
      DocumentLister lister,
      WebhookAttempts attempts,
      PageMessages pages,
      LargeWork largeWork,
      CustomerSettingsStore settings,
      PageSizes pageSizes,
      WebhookTargets targets) {
    this.lister = lister;
    this.attempts = attempts;
    this.pages = pages;
    this.largeWork = largeWork;
    this.settings = settings;
    this.pageSizes = pageSizes;
    this.targets = targets;
  }

  @Override
  public FirstDelivery listAndDeliver(FirstDeliveryInput input) {
    return BackgroundHeartbeat.around(() -> largeWork.run(() -> listAndDeliverNow(input)));
  }

  private FirstDelivery listAndDeliverNow(FirstDeliveryInput input) {
    // One read of the customer's settings gives both the page size and the target (an S3 call fewer).
    Optional<CustomerSettings> stored;
    boolean readable = true;
    try {
      stored = settings.find(input.cxId());
    } catch (SdkException e) {
      throw e; // S3 trouble: the activity is retried
    } catch (RuntimeException e) {
      // settings no key decrypts: the delivery attempts that follow report it the way they always do
      stored = Optional.empty();
      readable = false;
    }
    try (DocumentLister.Listed listed = lister.list(input.cxId(), input.patientId(), pageSizes.of(stored))) {
      if (listed.plan().paged() || !readable) {
        return new FirstDelivery(lister.stage(listed, input.stagingId()), null, null, null, null);
      }
      Optional<WebhookTarget> customerTarget = targets.from(input.cxId(), stored);
      PageDelivery delivery =
          new PageDelivery(
              input.cxId(), input.patientId(), input.requestId(), input.messageId(), null, null, 1, input.metadata());
      try {
        DeliveryReceipt receipt =
            attempts.measured(
                () ->
                    attempts.attempt(
                        customerTarget,
                        input.cxId(),
                        target -> pages.build(target, delivery, null, () -> Files.newInputStream(listed.file())),
                        input.patientId(),
                        input.requestId(),
                        "completed"));
        return new FirstDelivery(
            new DocumentListing(null, listed.documentCount(), listed.totalBytes(), null, 1), receipt, null, null, null);
      } catch (ApplicationFailure failure) {
        // the attempts that follow read the listing from S3
        DocumentListing staged = lister.stage(listed, input.stagingId());
        Long retryAfter =
            WebhookFailures.UNAVAILABLE.equals(failure.getType()) && failure.getDetails().getSize() > 0
                ? failure.getDetails().get(Long.class)
                : null;
        return new FirstDelivery(staged, null, failure.getType(), failure.getOriginalMessage(), retryAfter);
      }
    }
  }
}
