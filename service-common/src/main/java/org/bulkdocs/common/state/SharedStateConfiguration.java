package org.bulkdocs.common.state;

import org.bulkdocs.common.s3.S3ClientConfiguration;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.KeyEncryptionKeys;
import org.bulkdocs.common.state.settings.LocalKeyEncryptionKeys;
import org.bulkdocs.common.state.settings.WebhookKeyCipher;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The customer settings, their webhook status and the webhook ledger, in the documents bucket through the
 * service's one S3 client. The same beans in the API (which writes settings) and the worker (which reads
 * them at every delivery and records what the endpoint did).
 */
@Configuration(proxyBeanMethods = false)
@Import(S3ClientConfiguration.class)
@EnableConfigurationProperties({SharedStateProperties.class, WebhookKeyEncryptionProperties.class})
public class SharedStateConfiguration {

  /** Fails the start on a missing or malformed key: without it no settings can be read or written. */
  @Bean
  public KeyEncryptionKeys webhookKeyEncryptionKeys(WebhookKeyEncryptionProperties props) {
    return new LocalKeyEncryptionKeys(props.keys(), props.active());
  }

  @Bean
  public CustomerSettingsStore customerSettingsStore(
      S3Client s3, S3Properties s3Props, SharedStateProperties props, KeyEncryptionKeys keys) {
    return new CustomerSettingsStore(s3, s3Props.bucket(), props.prefix(), new WebhookKeyCipher(keys));
  }

  @Bean
  public WebhookStatus webhookStatus(CustomerSettingsStore settings) {
    return new WebhookStatus(settings);
  }

  @Bean
  public WebhookLedger webhookLedger(S3Client s3, S3Properties s3Props, SharedStateProperties props) {
    return new WebhookLedger(s3, s3Props.bucket(), props.prefix());
  }

  @Bean
  public WebhookRequestLog webhookRequestLog(S3Client s3, S3Properties s3Props, SharedStateProperties props) {
    return new WebhookRequestLog(s3, s3Props.bucket(), props.prefix());
  }
}
