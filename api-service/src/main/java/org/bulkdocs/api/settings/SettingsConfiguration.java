package org.bulkdocs.api.settings;

import org.bulkdocs.api.s3.S3Properties;
import org.bulkdocs.webhook.address.WebhookAddressPolicy;
import org.bulkdocs.webhook.ledger.WebhookLedger;
import org.bulkdocs.webhook.settings.CustomerSettingsStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The settings store and webhook ledger shared with the worker (webhook-common), in the documents
 * bucket through the API's own S3 client, and the SSRF policy the worker applies again at send time.
 */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

  @Bean
  CustomerSettingsStore customerSettingsStore(S3Client s3, S3Properties s3Props, SettingsProperties props) {
    return new CustomerSettingsStore(s3, s3Props.bucket(), props.prefix());
  }

  @Bean
  WebhookLedger webhookLedger(S3Client s3, S3Properties s3Props, SettingsProperties props) {
    return new WebhookLedger(s3, s3Props.bucket(), props.prefix());
  }

  @Bean
  WebhookAddressPolicy webhookAddressPolicy(SettingsProperties props) {
    return new WebhookAddressPolicy(props.allowPrivateWebhooks());
  }
}
