package org.bulkdocs.worker;

import org.bulkdocs.common.address.WebhookAddressConfiguration;
import org.bulkdocs.common.state.SharedStateConfiguration;
import org.bulkdocs.common.temporal.TemporalSecurityConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({SharedStateConfiguration.class, WebhookAddressConfiguration.class, TemporalSecurityConfiguration.class})
public class WorkflowWorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkflowWorkerApplication.class, args);
  }
}
