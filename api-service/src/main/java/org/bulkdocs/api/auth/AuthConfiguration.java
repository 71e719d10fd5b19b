package org.bulkdocs.api.auth;

import org.bulkdocs.api.error.ApiErrorWriter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyAuthenticator authenticator, ApiErrorWriter errorWriter) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(authenticator, errorWriter));
    registration.addUrlPatterns(ProtectedPaths.SERVLET_PATTERNS);
    // Before Spring's FormContentFilter, so an unauthenticated request never gets its body parsed.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
