package org.bulkdocs.api.ratelimit;

/** What a customer's budget is spent on; each has its own bucket per customer. */
public enum RateLimit {
  RUN_START("run-starts", "bulk requests that start a new run", "RATE_LIMIT_"),
  SETTINGS_UPDATE("settings-updates", "settings updates", "RATE_LIMIT_SETTINGS_UPDATES_"),
  WEBHOOK_RETRY("webhook-retries", "webhook retries", "RATE_LIMIT_WEBHOOK_RETRIES_"),
  WEBHOOK_STATUS("webhook-status", "webhook status reads", "RATE_LIMIT_WEBHOOK_STATUS_"),
  BULK_STATUS("bulk-status", "bulk status reads", "RATE_LIMIT_BULK_STATUS_");

  private final String propertyName;
  private final String description;
  private final String envPrefix;

  RateLimit(String propertyName, String description, String envPrefix) {
    this.propertyName = propertyName;
    this.description = description;
    this.envPrefix = envPrefix;
  }

  /** Its budget under {@code bulkdocs.rate-limit.}, e.g. {@code run-starts}. */
  public String propertyName() {
    return propertyName;
  }

  /** " (env RATE_LIMIT_BURST)" and the like, for configuration errors. */
  String envHint(String setting) {
    return " (env " + envPrefix + setting + ")";
  }

  /** As the 429's detail names it, e.g. "Too many settings updates". */
  public String description() {
    return description;
  }

  /** The value of the {@code limit} tag on the refusal metric. */
  public String tag() {
    return propertyName;
  }
}
