package org.bulkdocs.worker.ping;

import io.temporal.activity.ActivityInterface;
import org.bulkdocs.contract.ping.WebhookPingRequest;

@ActivityInterface
public interface WebhookPingActivities {

  /**
   * Sends one signed ping to the URL of the settings revision in the request and checks the pong. An
   * endpoint that does not answer properly is an outcome, not an activity failure.
   */
  PingOutcome sendPing(WebhookPingRequest request);

  /** Writes the outcome into the customer's settings unless they have changed since; true if written. */
  boolean recordPingOutcome(WebhookPingRequest request, PingOutcome outcome);
}
