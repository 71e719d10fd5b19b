package org.bulkdocs.worker.targets;

import java.util.Optional;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/** Documents per message for a customer: its own setting ({@code POST /settings}), else the deployment's. */
@Component
public class PageSizes {

  private static final Logger log = LoggerFactory.getLogger(PageSizes.class);

  private final CustomerSettingsStore settings;
  private final WebhookProperties webhook;

  public PageSizes(CustomerSettingsStore settings, WebhookProperties webhook) {
    this.settings = settings;
    this.webhook = webhook;
  }

  public int forCustomer(String cxId) {
    Optional<CustomerSettings> stored;
    try {
      stored = settings.find(cxId);
    } catch (SdkException e) {
      throw e; // S3 trouble: the listing is retried
    } catch (RuntimeException e) {
      // settings no key decrypts still have a page size, but not one worth failing a run over
      log.warn("could not read the settings of cxId={} for its page size: {}", cxId, e.toString());
      stored = Optional.empty();
    }
    return of(stored);
  }

  /** The page size these settings, as just read, give the customer. */
  public int of(Optional<CustomerSettings> stored) {
    return stored.map(CustomerSettings::webhookPageSize).orElse(webhook.pageSize());
  }

  public long maxMessageBytes() {
    return webhook.maxMessageBytes();
  }
}
