package org.bulkdocs.api.support;

import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import org.bulkdocs.api.temporal.StartOutcomes;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The in-process Temporal test server (spring.temporal.test-server.enabled) with the custom search
 * attributes a real cluster would have registered. No worker runs: the API must answer without one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TemporalTestConfiguration {

  /** Registered on the options, so they exist before the environment, and any start, does. */
  @Bean
  TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> bulkDownloadSearchAttributes(StartOutcomes startOutcomes) {
    return builder -> {
      // What TemporalClientConfiguration puts on a real server's channel; the test server has its own.
      builder.setWorkflowServiceStubsOptions(
          WorkflowServiceStubsOptions.newBuilder().addGrpcClientInterceptor(startOutcomes).build());
      for (SearchAttributeKey<?> key : BulkDownloadSearchAttributes.ALL) {
        builder.registerSearchAttribute(key.getName(), key.getValueType());
      }
      return builder;
    };
  }

  @Bean
  StartAttempts startAttempts() {
    return new StartAttempts();
  }
}
