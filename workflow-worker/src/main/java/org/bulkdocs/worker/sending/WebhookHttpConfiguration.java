package org.bulkdocs.worker.sending;

import java.net.Proxy;
import okhttp3.OkHttpClient;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.bulkdocs.worker.targets.WebhookProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class WebhookHttpConfiguration {

  @Bean
  public WebhookAddressGuard webhookAddressGuard(WebhookAddressPolicy policy) {
    return new WebhookAddressGuard(policy);
  }

  /**
   * Redirects are never followed: a redirect could point the signed body anywhere. No proxy either,
   * whatever the JVM is configured with: through a proxy the proxy resolves the host, and the address
   * guard would never see where the message goes.
   */
  @Bean
  public OkHttpClient webhookHttpClient(WebhookProperties props, WebhookAddressGuard guard) {
    return new OkHttpClient.Builder()
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .dns(guard)
        .connectTimeout(props.connectTimeout())
        .callTimeout(props.callTimeout())
        .build();
  }
}
