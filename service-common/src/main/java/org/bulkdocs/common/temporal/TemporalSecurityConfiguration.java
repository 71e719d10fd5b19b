package org.bulkdocs.common.temporal;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.util.List;
import org.bulkdocs.common.tracing.TracingConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What both services give temporal-spring-boot-starter: the connection's TLS and API key, and the data
 * converter that encrypts every payload (inputs, results, memo, query answers, and failures' messages and
 * stack traces, which are encoded as payloads too), and the tracer of its tracing interceptors
 * ({@link TracingConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TemporalConnectionProperties.class, PayloadEncryptionProperties.class})
@Import(TracingConfiguration.class)
public class TemporalSecurityConfiguration {

  /** Fails the start on a missing, short or unknown key: without it nothing can be written to Temporal. */
  @Bean
  public EncryptionCodec payloadEncryptionCodec(PayloadEncryptionProperties props) {
    return EncryptionCodec.fromSettings(props.keys(), props.active());
  }

  /** The starter uses the bean of this name for every client and worker it builds. */
  @Bean
  public DataConverter mainDataConverter(EncryptionCodec codec) {
    return encrypting(codec);
  }

  public static DataConverter encrypting(EncryptionCodec codec) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), true);
  }

  @Bean
  public TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> temporalConnectionSecurity(
      TemporalConnectionProperties props) {
    return builder -> TemporalTls.apply(props, builder);
  }
}
