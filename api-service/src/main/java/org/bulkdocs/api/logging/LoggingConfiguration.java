package org.bulkdocs.api.logging;

import org.bulkdocs.api.auth.ProtectedPaths;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class LoggingConfiguration {

  @Bean
  FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
    FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(new RequestLogFilter());
    // The customer endpoints only: probes and scrapes (/actuator) would drown the access log.
    registration.addUrlPatterns(ProtectedPaths.servletPatterns());
    // Outside the API key filter (HIGHEST_PRECEDENCE + 100), so 401s are logged and its cxId is cleared.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    return registration;
  }
}
