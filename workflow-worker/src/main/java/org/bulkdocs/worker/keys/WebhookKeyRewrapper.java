package org.bulkdocs.worker.keys;

import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes a rotation of the webhook key-encryption key without anyone's help: once a new active key is
 * configured, every customer's settings still under another key (or written before encryption) is
 * encrypted again. Its log line says when the retired key can be removed. Idempotent, so several workers
 * may all run it.
 */
@Component
class WebhookKeyRewrapper {

  private static final Logger log = LoggerFactory.getLogger(WebhookKeyRewrapper.class);

  private final CustomerSettingsStore settings;

  WebhookKeyRewrapper(CustomerSettingsStore settings) {
    this.settings = settings;
  }

  @Scheduled(initialDelayString = "PT30S", fixedDelayString = "${bulkdocs.webhook-key-encryption.rewrap-every:PT1H}")
  void scheduled() {
    try {
      CustomerSettingsStore.Rewrap result = settings.rewrapAll();
      if (result.rewritten() > 0 || !result.unreadable().isEmpty()) {
        log.info(
            "webhook keys re-encrypted under the active key: {}; customers whose settings no configured key"
                + " decrypts: {}",
            result.rewritten(),
            result.unreadable());
      }
    } catch (RuntimeException e) {
      // S3 down: the next round tries again
      log.warn("could not re-encrypt webhook keys: {}", e.toString());
    }
  }
}
