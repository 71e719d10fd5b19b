package org.bulkdocs.api.settings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How {@code POST /settings} checks a webhook URL. Where settings are stored and which addresses a
 * webhook may reach are shared with the worker (service-common: {@code SharedStateProperties},
 * {@code WebhookAddressProperties}).
 *
 * @param allowHttpWebhooks accept {@code http://} webhook URLs: local runs only (env
 *     {@code WEBHOOK_ALLOW_HTTP})
 * @param dnsTimeout how long checking a webhook URL's host may take before the request is refused
 */
@ConfigurationProperties("bulkdocs.settings")
public record SettingsProperties(boolean allowHttpWebhooks, Duration dnsTimeout) {

  public SettingsProperties {
    dnsTimeout = dnsTimeout == null ? Duration.ofSeconds(3) : dnsTimeout;
    if (dnsTimeout.isNegative() || dnsTimeout.isZero()) {
      throw new IllegalArgumentException("bulkdocs.settings.dns-timeout must be positive");
    }
  }
}
