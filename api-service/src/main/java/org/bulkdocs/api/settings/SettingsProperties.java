package org.bulkdocs.api.settings;

import java.time.Duration;
import org.bulkdocs.webhook.StoragePrefix;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Customer settings ({@code /settings}).
 *
 * @param prefix where settings and the webhook ledger live in the documents bucket; must equal the
 *     worker's {@code bulkdocs.settings.prefix} (env {@code SETTINGS_PREFIX} for both)
 * @param allowPrivateWebhooks accept webhook URLs on loopback and private networks: local runs and
 *     tests only (env {@code WEBHOOK_ALLOW_PRIVATE_ADDRESSES}, the worker's switch of the same name)
 * @param allowHttpWebhooks accept {@code http://} webhook URLs: local runs only (env
 *     {@code WEBHOOK_ALLOW_HTTP})
 * @param dnsTimeout how long checking a webhook URL's host may take before the request is refused
 */
@ConfigurationProperties("bulkdocs.settings")
public record SettingsProperties(
    String prefix, boolean allowPrivateWebhooks, boolean allowHttpWebhooks, Duration dnsTimeout) {

  public SettingsProperties {
    prefix = prefix == null || prefix.isBlank() ? StoragePrefix.DEFAULT : StoragePrefix.validate(prefix);
    dnsTimeout = dnsTimeout == null ? Duration.ofSeconds(3) : dnsTimeout;
    if (dnsTimeout.isNegative() || dnsTimeout.isZero()) {
      throw new IllegalArgumentException("bulkdocs.settings.dns-timeout must be positive");
    }
  }
}
