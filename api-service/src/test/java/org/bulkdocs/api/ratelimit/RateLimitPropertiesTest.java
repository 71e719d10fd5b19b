package org.bulkdocs.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bulkdocs.api.ratelimit.RateLimitProperties.Budget;
import org.junit.jupiter.api.Test;

class RateLimitPropertiesTest {

  private static final Budget OK = new Budget(60, 20);

  @Test
  void aRateOrBurstBelowOneIsAConfigurationErrorNamingTheSetting() {
    assertThatThrownBy(() -> new RateLimitProperties(true, 1, new Budget(0, 5), OK, OK, OK, OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run-starts.requests-per-minute")
        .hasMessageContaining("RATE_LIMIT_REQUESTS_PER_MINUTE");
    assertThatThrownBy(() -> new RateLimitProperties(true, 1, new Budget(60, 0), OK, OK, OK, OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE_LIMIT_BURST");
    assertThatThrownBy(() -> new RateLimitProperties(true, 1, OK, new Budget(60, 0), OK, OK, OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settings-updates.burst")
        .hasMessageContaining("RATE_LIMIT_SETTINGS_UPDATES_BURST");
    assertThatThrownBy(() -> new RateLimitProperties(true, 1, OK, OK, OK, new Budget(0, 1), OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE_LIMIT_WEBHOOK_STATUS_REQUESTS_PER_MINUTE");
    assertThatThrownBy(() -> new RateLimitProperties(true, 1, OK, OK, OK, OK, new Budget(10, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bulk-status.burst")
        .hasMessageContaining("RATE_LIMIT_BULK_STATUS_BURST");
  }

  @Test
  void eachLimitHasItsOwnBudget() {
    RateLimitProperties properties =
        new RateLimitProperties(
            true, 1, new Budget(1, 2), new Budget(3, 4), new Budget(5, 6), new Budget(7, 8), new Budget(9, 10));

    assertThat(properties.instanceBudget(RateLimit.RUN_START)).isEqualTo(new Budget(1, 2));
    assertThat(properties.instanceBudget(RateLimit.SETTINGS_UPDATE)).isEqualTo(new Budget(3, 4));
    assertThat(properties.instanceBudget(RateLimit.WEBHOOK_RETRY)).isEqualTo(new Budget(5, 6));
    assertThat(properties.instanceBudget(RateLimit.WEBHOOK_STATUS)).isEqualTo(new Budget(7, 8));
    assertThat(properties.instanceBudget(RateLimit.BULK_STATUS)).isEqualTo(new Budget(9, 10));
  }

  @Test
  void instancesShareTheDeploymentsBudgetRoundedDownSoTogetherTheyNeverAllowMore() {
    RateLimitProperties properties =
        new RateLimitProperties(
            true, 2, new Budget(60, 20), new Budget(30, 10), new Budget(6, 3), new Budget(300, 60), new Budget(1200, 200));

    assertThat(properties.instanceBudget(RateLimit.RUN_START)).isEqualTo(new Budget(30, 10));
    assertThat(properties.instanceBudget(RateLimit.WEBHOOK_RETRY)).isEqualTo(new Budget(3, 1));
    assertThat(properties.instanceBudget(RateLimit.WEBHOOK_STATUS)).isEqualTo(new Budget(150, 30));
  }

  @Test
  void aShareBelowOneCallPerInstanceIsAConfigurationError() {
    assertThatThrownBy(() -> new RateLimitProperties(true, 4, OK, OK, new Budget(6, 3), OK, OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhook-retries")
        .hasMessageContaining("RATE_LIMIT_INSTANCES")
        .hasMessageContaining("RATE_LIMIT_WEBHOOK_RETRIES_");
    assertThatThrownBy(() -> new RateLimitProperties(true, 0, OK, OK, OK, OK, OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE_LIMIT_INSTANCES");
  }
}
