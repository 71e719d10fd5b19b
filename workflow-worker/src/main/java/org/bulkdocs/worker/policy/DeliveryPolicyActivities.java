package org.bulkdocs.worker.policy;

import io.temporal.activity.ActivityInterface;
import org.bulkdocs.contract.bulk.DeliveryPolicy;

/**
 * Hands the worker's configured retry tuning to a run. Called once per run as a local activity, so
 * the value is recorded in history and replays identically even after the configuration changes.
 */
@ActivityInterface
public interface DeliveryPolicyActivities {

  DeliveryPolicy currentDeliveryPolicy();
}
