package org.bulkdocs.worker.policy;

import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.bulkdocs.worker.targets.WebhookProperties;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class DeliveryPolicyActivitiesImpl implements DeliveryPolicyActivities {

  private final DeliveryPolicy policy;

  /**
   * Beyond the HTTP call itself, an attempt reads the staged documents and builds the message; this is
   * that share of its budget. A worker that dies mid-attempt is found out by the heartbeat timeout long
   * before this matters.
   */
  static final Duration MESSAGE_BUILD_MARGIN = Duration.ofSeconds(30);

  /** A run must end by itself (delivered or failed) well before Temporal would cut it off. */
  static final Duration RUN_TIMEOUT_MARGIN = Duration.ofHours(6);

  public DeliveryPolicyActivitiesImpl(DeliveryProperties delivery, WebhookProperties webhook) {
    if (delivery.window().plus(RUN_TIMEOUT_MARGIN).compareTo(BulkDownloadStartOptions.RUN_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "bulkdocs.delivery.window (DELIVERY_WINDOW) must be at most "
              + BulkDownloadStartOptions.RUN_TIMEOUT.minus(RUN_TIMEOUT_MARGIN)
              + ": every run is cut off by Temporal after "
              + BulkDownloadStartOptions.RUN_TIMEOUT);
    }
    this.policy =
        delivery.toPolicy(webhook.connectTimeout().plus(webhook.callTimeout()).plus(MESSAGE_BUILD_MARGIN));
  }

  @Override
  public DeliveryPolicy currentDeliveryPolicy() {
    return policy;
  }
}
