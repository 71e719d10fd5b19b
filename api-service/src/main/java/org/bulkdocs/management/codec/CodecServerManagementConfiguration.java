package org.bulkdocs.management.codec;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The codec server lives in the management context only when it has a port of its own ({@code CHILD}):
 * decoded payloads are PHI, and the customers' port must never serve them.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Import(CodecServerController.class)
class CodecServerManagementConfiguration {

  /** The Temporal UI calls from the operator's browser: a preflight from its origin must pass. */
  @Bean
  WebMvcConfigurer codecServerCors(CodecServerProperties props) {
    return new WebMvcConfigurer() {
      @Override
      public void addCorsMappings(CorsRegistry registry) {
        if (!props.corsOrigins().isEmpty()) {
          registry
              .addMapping("/codec/**")
              .allowedOrigins(props.corsOrigins().toArray(String[]::new))
              .allowedMethods("POST")
              .allowedHeaders("content-type", "x-namespace", "authorization")
              .maxAge(600);
        }
      }
    };
  }
}
