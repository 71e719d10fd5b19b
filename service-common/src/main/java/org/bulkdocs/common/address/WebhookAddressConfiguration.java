package org.bulkdocs.common.address;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API checks a webhook URL's addresses when it is set, the worker on every connection: one policy. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookAddressProperties.class)
public class WebhookAddressConfiguration {

  @Bean
  public WebhookAddressPolicy webhookAddressPolicy(WebhookAddressProperties properties) {
    return new WebhookAddressPolicy(properties.allowPrivate());
  }
}
