package org.bulkdocs.worker.delivery;

import io.temporal.activity.ActivityInterface;
import org.bulkdocs.worker.sending.WebhookFailures;

@ActivityInterface
public interface WebhookActivities {

  /**
   * One signed POST of one page of the run's documents, its URLs signed now. Throws an {@code
   * ApplicationFailure} of a {@link WebhookFailures} type when the endpoint does not take it; the
   * workflow decides when to try again.
   */
  DeliveryReceipt deliverPage(PageDelivery delivery);

  /** One signed POST of the {@code failed} message. Fails like {@link #deliverPage}. */
  DeliveryReceipt deliverFailedNotice(FailedNotice notice);
}
