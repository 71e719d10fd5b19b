package org.bulkdocs.api;

import org.bulkdocs.common.address.WebhookAddressConfiguration;
import org.bulkdocs.common.state.SharedStateConfiguration;
import org.bulkdocs.common.temporal.TemporalSecurityConfiguration;
import org.bulkdocs.management.codec.CodecServerProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The customer-facing HTTP API. It never runs workflow code: it authenticates, validates, and starts
 * (or attaches to) the per-patient workflow, so it answers even when no worker is up.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(CodecServerProperties.class)
@Import({SharedStateConfiguration.class, WebhookAddressConfiguration.class, TemporalSecurityConfiguration.class})
public class ApiServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiServiceApplication.class, args);
  }
}
