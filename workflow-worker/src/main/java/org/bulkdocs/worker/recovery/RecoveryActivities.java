package org.bulkdocs.worker.recovery;

import io.temporal.activity.ActivityInterface;
import org.bulkdocs.contract.recovery.WebhookRecoveryRequest;

@ActivityInterface
public interface RecoveryActivities {

  /** Starts a redelivery of each message given up in the request's range; returns how many. */
  int redeliverFailed(WebhookRecoveryRequest request);
}
