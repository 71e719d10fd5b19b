package org.bulkdocs.worker.housekeeping;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The deployment's periodic jobs, each an activity so its attempts and outcome are in Temporal. */
@ActivityInterface
public interface HousekeepingActivities {

  /** @return how many processing messages were recorded as failed because their run had ended */
  @ActivityMethod(name = "ReconcileWebhookLedger")
  int reconcileWebhookLedger();

  @ActivityMethod(name = "RewrapWebhookKeys")
  RewrapOutcome rewrapWebhookKeys();

  /**
   * @param rewritten settings encrypted again under the active key
   * @param unreadable customers whose settings no configured key decrypts (retired too early)
   */
  record RewrapOutcome(int rewritten, List<String> unreadable) {}
}
