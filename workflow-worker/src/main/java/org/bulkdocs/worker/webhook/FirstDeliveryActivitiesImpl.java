package org.bulkdocs.worker.webhook;

import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.nio.file.Files;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.listing.DocumentLister;
import org.bulkdocs.worker.listing.DocumentListing;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class FirstDeliveryActivitiesImpl implements FirstDeliveryActivities {

  private final DocumentLister lister;
  private final WebhookAttempts attempts;
  private final PageMessages pages;
  private final LargeWork largeWork;

  public FirstDeliveryActivitiesImpl(
      DocumentLister lister, WebhookAttempts attempts, PageMessages pages, LargeWork largeWork) {
    this.lister = lister;
    this.attempts = attempts;
    this.pages = pages;
    this.largeWork = largeWork;
  }

  @Override
  public FirstDelivery listAndDeliver(FirstDeliveryInput input) {
    return BackgroundHeartbeat.around(() -> largeWork.run(() -> listAndDeliverNow(input)));
  }

  private FirstDelivery listAndDeliverNow(FirstDeliveryInput input) {
    try (DocumentLister.Listed listed = lister.list(input.cxId(), input.patientId())) {
      if (listed.plan().paged()) {
        return new FirstDelivery(lister.stage(listed, input.stagingId()), null, null, null, null);
      }
      PageDelivery delivery =
          new PageDelivery(
              input.cxId(), input.patientId(), input.requestId(), input.messageId(), null, null, 1, input.metadata());
      try {
        DeliveryReceipt receipt =
            attempts.measured(
                () ->
                    attempts.attempt(
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
