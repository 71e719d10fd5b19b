package org.bulkdocs.worker.sending;

import io.temporal.failure.ApplicationFailure;

/**
 * Failure types a delivery attempt reports, so the workflow can tell a busy endpoint from one that
 * refuses the message. Their messages never carry a URL or a key: they end up in workflow history.
 */
public final class WebhookFailures {

  /** 408, 429, 5xx, timeouts, connection errors, no webhook configured yet: worth retrying. */
  public static final String UNAVAILABLE = "WebhookUnavailable";

  /** Any other 4xx or a redirect, or an address the webhook must not reach: counted as a rejection. */
  public static final String REJECTED = "WebhookRejected";

  /**
   * 410 Gone: the endpoint says it no longer exists. The message is not retried, the webhook is marked
   * disabled, and the run fails without a failed notice (there is no one to tell).
   */
  public static final String GONE = "WebhookGone";

  /**
   * Something of ours the attempt needs (S3: the staged listing, the customer's settings) is down; the
   * endpoint was not tried. The run waits for it with the outage backoff for as long as its window lasts.
   */
  public static final String DEPENDENCY_DOWN = "DependencyDown";

  private WebhookFailures() {}

  /** S3 trouble of ours: retried with the outage backoff, not counted against the endpoint. */
  public static ApplicationFailure dependencyDown(String message) {
    return ApplicationFailure.newFailure(message, DEPENDENCY_DOWN);
  }

  public static ApplicationFailure unavailable(String message, Long retryAfterSeconds) {
    return retryAfterSeconds == null
        ? ApplicationFailure.newFailure(message, UNAVAILABLE)
        : ApplicationFailure.newFailure(message, UNAVAILABLE, retryAfterSeconds);
  }
}
