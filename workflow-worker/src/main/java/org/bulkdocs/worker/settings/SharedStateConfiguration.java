package org.bulkdocs.worker.settings;

import org.bulkdocs.webhook.ledger.WebhookLedger;
import org.bulkdocs.webhook.settings.CustomerSettingsStore;
import org.bulkdocs.worker.s3.S3Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** The customer settings and webhook ledger the API writes, in the documents bucket the worker already uses. */
@Configuration(proxyBeanMethods = false)
public class SharedStateConfiguration {

  @Bean
  public CustomerSettingsStore customerSettingsStore(S3Client s3, S3Properties s3Props, SharedStateProperties props) {
    return new CustomerSettingsStore(s3, s3Props.bucket(), props.prefix());
  }

  @Bean
  public WebhookLedger webhookLedger(S3Client s3, S3Properties s3Props, SharedStateProperties props) {
    return new WebhookLedger(s3, s3Props.bucket(), props.prefix());
  }
}
