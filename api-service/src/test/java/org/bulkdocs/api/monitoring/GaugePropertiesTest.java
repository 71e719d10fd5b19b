package org.bulkdocs.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Bound as the API binds it: defaults, and bad values stop the context with the setting's name. */
class GaugePropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(GaugeProperties.class)
  static class Bound {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

  @Test
  void defaultsAreAMinuteAndAnHour() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      GaugeProperties properties = context.getBean(GaugeProperties.class);
      assertThat(properties.refreshEvery()).isEqualTo(Duration.ofMinutes(1));
      assertThat(properties.runExpectedTime()).isEqualTo(Duration.ofHours(1));
    });
  }

  @Test
  void badValuesFailTheStartNamingTheVariable() {
    for (String refresh : new String[] {"0s", "500ms", "2h", "-1s"}) {
      runner.withPropertyValues("bulkdocs.gauges.refresh-every=" + refresh)
          .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("GAUGES_REFRESH_EVERY"));
    }
    for (String expected : new String[] {"0s", "-5m"}) {
      runner.withPropertyValues("bulkdocs.gauges.run-expected-time=" + expected)
          .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("RUN_EXPECTED_TIME"));
    }
  }
}
