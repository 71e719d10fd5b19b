package org.bulkdocs.worker.delivery;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface FirstDeliveryActivities {

  /**
   * Lists the patient's documents and, when one message takes them all, makes the first delivery
   * attempt at once, from the local listing: a small patient costs one activity, and nothing is staged
   * when the endpoint takes it. A paged patient, or an attempt the endpoint did not take, leaves the
   * listing staged for the attempts that follow. The endpoint's answer is returned, not thrown: only
   * listing problems fail the activity.
   */
  FirstDelivery listAndDeliver(FirstDeliveryInput input);
}
