package org.bulkdocs.worker.workflow;

import java.time.Duration;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.jspecify.annotations.Nullable;

/** How long to wait before the next try: a pure function of the policy and the tries so far. */
final class DeliveryBackoff {

  private DeliveryBackoff() {}

  /**
   * Doubles from the initial backoff after each failed attempt, up to the maximum. A {@code Retry-After}
   * the endpoint asked for is honoured when it is longer, never beyond the maximum.
   *
   * @param attempt the attempt that just failed, from 1
   */
  static Duration next(DeliveryPolicy policy, int attempt, @Nullable Duration retryAfter) {
    Duration wait = policy.initialBackoff();
    for (int i = 1; i < attempt && wait.compareTo(policy.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    if (wait.compareTo(policy.maxBackoff()) > 0) {
      wait = policy.maxBackoff();
    }
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : retryAfter;
    }
    return wait;
  }

  /**
   * How long to wait for a dependency that was down: doubles from the outage backoff's start, up to its
   * maximum, which is also how late a run goes on after the outage ends.
   *
   * @param retries the waits so far, this one included, from 1
   */
  static Duration outage(DeliveryPolicy policy, int retries) {
    Duration wait = policy.outageInitialBackoff();
    for (int i = 1; i < retries && wait.compareTo(policy.outageMaxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(policy.outageMaxBackoff()) > 0 ? policy.outageMaxBackoff() : wait;
  }
}
