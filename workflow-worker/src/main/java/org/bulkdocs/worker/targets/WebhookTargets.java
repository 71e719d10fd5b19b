package org.bulkdocs.worker.targets;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.springframework.stereotype.Component;

/**
 * Looks a customer's webhook up at sending time, so a URL fixed through {@code POST /settings} applies
 * to retries already pending. The settings the customer stored win; the worker's configured target
 * ({@code bulkdocs.webhook.targets}) is the fallback for a customer who never stored any. A customer
 * who stored settings and then cleared the URL gets no webhook at all: clearing is a decision the
 * configuration must not override.
 */
@Component
public class WebhookTargets {

  private final WebhookProperties props;
  private final CustomerSettingsStore settings;

  public WebhookTargets(WebhookProperties props, CustomerSettingsStore settings) {
    this.props = props;
    this.settings = settings;
  }

  /** Throws the store's exception when the settings cannot be read: guessing a target would be worse. */
  public Optional<WebhookTarget> forCustomer(String cxId) {
    return from(cxId, settings.find(cxId));
  }

  /** The target these settings, as just read, give the customer. */
  public Optional<WebhookTarget> from(String cxId, Optional<CustomerSettings> stored) {
    if (stored.isPresent()) {
      return stored.filter(CustomerSettings::hasWebhook).map(WebhookTargets::toTarget);
    }
    return props.targets().stream()
        .filter(t -> t.cxId().equals(cxId))
        .findFirst()
        .map(t -> new WebhookTarget(cxId, t.url(), t.key(), null, true));
  }

  /** The stored target of exactly this settings revision; empty once the customer changed it. */
  public Optional<WebhookTarget> forRevision(String cxId, String revision) {
    return settings
        .find(cxId)
        .filter(s -> s.hasWebhook() && revision != null && revision.equals(s.revision()))
        .map(WebhookTargets::toTarget);
  }

  private static WebhookTarget toTarget(CustomerSettings s) {
    return new WebhookTarget(
        s.cxId(),
        URI.create(s.webhookUrl()),
        new SigningKeys(s.webhookKey(), s.previousKeyAt(Instant.now()).orElse(null)),
        s.revision(),
        s.webhookEnabled(),
        s.webhookUrlValidityMinutes() == null ? null : Duration.ofMinutes(s.webhookUrlValidityMinutes()));
  }
}
