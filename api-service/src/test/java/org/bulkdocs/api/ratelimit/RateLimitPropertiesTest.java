package org.bulkdocs.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimitPropertiesTest {

  @Test
  void aRateOrBurstBelowOneIsAConfigurationError() {
    assertThatThrownBy(() -> new RateLimitProperties(true, 0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE_LIMIT_REQUESTS_PER_MINUTE");
    assertThatThrownBy(() -> new RateLimitProperties(true, 60, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE_LIMIT_BURST");
  }
}
