package org.bulkdocs.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-customer budgets of the calls that cost something downstream ({@code bulkdocs.rate-limit.*}).
 *
 * <p>Only what costs is limited: starting a new run (env {@code RATE_LIMIT_REQUESTS_PER_MINUTE},
 * {@code RATE_LIMIT_BURST}), setting the webhook URL (DNS lookups and a ping), retrying given-up messages
 * (a workflow per message), reading the webhook status (S3 listings) and reading a run's status (a Temporal describe;
 * an S3 listing for a patient without a run, a progress query to a worker while the run is open). A trigger that attaches to the
 * run in progress costs one Temporal read and is never refused.
 *
 * <p>The budgets are the deployment's. Each API instance holds its buckets in memory and enforces
 * {@code 1/instances} of every rate and burst, rounded down ({@code RATE_LIMIT_INSTANCES}, the number
 * of API instances behind the load balancer): together the instances never allow more than the
 * configured budget, with no shared store on the request path. A customer whose calls all reach one
 * instance gets that instance's share only. The budgets exist to stop one customer from flooding S3
 * and Temporal by accident; one run per patient is Temporal's guarantee, not theirs.
 *
 * @param instances how many API instances share the budgets (at least 1)
 */
@ConfigurationProperties(prefix = "bulkdocs.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1") int instances,
    @DefaultValue Budget runStarts,
    @DefaultValue Budget settingsUpdates,
    @DefaultValue Budget webhookRetries,
    @DefaultValue Budget webhookStatus,
    @DefaultValue Budget bulkStatus) {

  public RateLimitProperties {
    if (instances < 1) {
      throw new IllegalArgumentException(
          "bulkdocs.rate-limit.instances (env RATE_LIMIT_INSTANCES) must be at least 1, got " + instances);
    }
    for (RateLimit limit : RateLimit.values()) {
      Budget budget = budgetOf(limit, runStarts, settingsUpdates, webhookRetries, webhookStatus, bulkStatus);
      String name = "bulkdocs.rate-limit." + limit.propertyName();
      if (budget.requestsPerMinute() < 1) {
        throw new IllegalArgumentException(
            name + ".requests-per-minute" + limit.envHint("REQUESTS_PER_MINUTE") + " must be at least 1, got "
                + budget.requestsPerMinute()
                + "; set bulkdocs.rate-limit.enabled=false (RATE_LIMIT_ENABLED) to switch the limits off");
      }
      if (budget.burst() < 1) {
        throw new IllegalArgumentException(
            name + ".burst" + limit.envHint("BURST") + " must be at least 1, got " + budget.burst());
      }
      if (budget.requestsPerMinute() < instances || budget.burst() < instances) {
        throw new IllegalArgumentException(
            name + " (" + budget.requestsPerMinute() + "/min, burst " + budget.burst() + ") leaves less than one call"
                + " per instance for " + instances + " instances (RATE_LIMIT_INSTANCES); raise"
                + limit.envHint("REQUESTS_PER_MINUTE / BURST") + " to at least " + instances);
      }
    }
  }

  /**
   * @param requestsPerMinute sustained rate at which a customer's budget refills
   * @param burst how many calls a customer can make at once after being idle (the bucket's size)
   */
  public record Budget(@DefaultValue("60") int requestsPerMinute, @DefaultValue("20") int burst) {}

  /** This instance's share of the deployment's budget. */
  Budget instanceBudget(RateLimit limit) {
    Budget deployment = budgetOf(limit, runStarts, settingsUpdates, webhookRetries, webhookStatus, bulkStatus);
    return new Budget(deployment.requestsPerMinute() / instances, deployment.burst() / instances);
  }

  private static Budget budgetOf(
      RateLimit limit,
      Budget runStarts,
      Budget settingsUpdates,
      Budget webhookRetries,
      Budget webhookStatus,
      Budget bulkStatus) {
    return switch (limit) {
      case RUN_START -> runStarts;
      case SETTINGS_UPDATE -> settingsUpdates;
      case WEBHOOK_RETRY -> webhookRetries;
      case WEBHOOK_STATUS -> webhookStatus;
      case BULK_STATUS -> bulkStatus;
    };
  }
}
