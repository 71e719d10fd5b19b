package org.bulkdocs.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentracing.Tracer;
import org.bulkdocs.common.temporal.TemporalTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both services add to Spring Boot's tracing (spring-boot-starter-opentelemetry, docs/operating.md,
 * Traces). Whether spans are recorded and where they go is Spring Boot's configuration
 * ({@code management.tracing}, {@code management.opentelemetry}): with the default sampling probability
 * of 0 every span is a non-recording one and nothing is exported.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

  /**
   * The tracer temporal-spring-boot-starter traces Temporal with. Given an OpenTracing {@link Tracer} bean,
   * the starter puts the SDK's tracing interceptors on every client (the API's workflow starts and queries)
   * and every worker factory (workflows, activities) it builds; without this one it would make its own
   * from Spring Boot's OpenTelemetry, whose spans carry the workflow ID (the patient ID) and failures'
   * messages.
   */
  @Bean
  public Tracer temporalTracer(ObjectProvider<OpenTelemetry> openTelemetry) {
    return TemporalTracing.tracer(openTelemetry.getIfAvailable(OpenTelemetry::noop));
  }

  /** In place of Spring Boot's: log lines name recorded traces only. */
  @Bean
  public SampledTraceLogFields sampledTraceLogFields() {
    return new SampledTraceLogFields();
  }
}
