package org.bulkdocs.worker.temporal;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkerTemporalConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WorkerTemporalConfiguration.class);

  @Bean
  WorkerOptionsCustomizer stickyScheduleToStartTimeout(WorkerTemporalProperties properties) {
    return (builder, workerName, taskQueue) ->
        builder.setStickyQueueScheduleToStartTimeout(properties.stickyScheduleToStartTimeout());
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> stickyExecutionSwitch(WorkerTemporalProperties properties) {
    return builder -> {
      if (!properties.stickyExecution()) {
        log.info("sticky execution off: every workflow task goes to the shared task queue");
        builder.addGrpcClientInterceptor(new NoStickyExecution());
      }
      return builder;
    };
  }
}
