package org.bulkdocs.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** Human-readable logs by default; one ECS JSON object per line with the json-logs profile. */
class LogFormatConfigurationTest {

  @Test
  void humanReadableByDefaultWithTheIdsInEveryLine() throws IOException {
    PropertySource<?> defaults = documents().get(0);

    assertThat(defaults.getProperty("logging.structured.format.console")).isNull();
    assertThat((String) defaults.getProperty("logging.pattern.correlation")).contains("%X");
  }

  @Test
  void jsonLogsProfileSwitchesTheConsoleToEcs() throws IOException {
    PropertySource<?> jsonLogs =
        documents().stream()
            .filter(d -> "json-logs".equals(d.getProperty("spring.config.activate.on-profile")))
            .findFirst()
            .orElseThrow();

    assertThat(jsonLogs.getProperty("logging.structured.format.console")).hasToString("ecs");
  }

  private static List<PropertySource<?>> documents() throws IOException {
    return new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
  }
}
