package org.bulkdocs.worker.policy;

import io.temporal.spring.boot.ActivityImpl;
import org.bulkdocs.contract.DeliveryPolicy;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.signing.SigningProperties;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class DeliveryPolicyActivitiesImpl implements DeliveryPolicyActivities {

  private final DeliveryPolicy policy;

  public DeliveryPolicyActivitiesImpl(DeliveryProperties delivery, SigningProperties signing) {
    if (delivery.urlRefreshMargin().compareTo(signing.urlValidity()) >= 0) {
      throw new IllegalArgumentException(
          "bulkdocs.delivery.url-refresh-margin must be shorter than bulkdocs.signing.url-validity");
    }
    this.policy = delivery.toPolicy();
  }

  @Override
  public DeliveryPolicy currentDeliveryPolicy() {
    return policy;
  }
}
