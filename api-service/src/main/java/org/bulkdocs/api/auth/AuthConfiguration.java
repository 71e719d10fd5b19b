package org.bulkdocs.api.auth;

import org.bulkdocs.api.error.ApiErrorWriter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  /**
   * Servlet URL patterns rather than a path check in the filter: the container matches them on the
   * normalised path (no "..", no ";params"), the same path Spring MVC routes on, so no spelling of a
   * customer endpoint slips past authentication.
   */
  static final String[] PROTECTED_PATTERNS = {"/medical/*", "/settings", "/settings/*"};

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyAuthenticator authenticator, ApiErrorWriter errorWriter) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(authenticator, errorWriter));
    registration.addUrlPatterns(PROTECTED_PATTERNS);
    // Before Spring's FormContentFilter, so an unauthenticated request never gets its body parsed.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
