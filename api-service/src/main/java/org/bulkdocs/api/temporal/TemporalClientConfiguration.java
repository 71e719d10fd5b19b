package org.bulkdocs.api.temporal;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's Temporal connection: the starter's, plus {@link StartOutcomes} on its gRPC channel. */
@Configuration(proxyBeanMethods = false)
public class TemporalClientConfiguration {

  @Bean
  StartOutcomes startOutcomes() {
    return new StartOutcomes();
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> startOutcomesOnTheChannel(StartOutcomes outcomes) {
    return builder -> {
      builder.addGrpcClientInterceptor(outcomes);
      return builder;
    };
  }
}
