package org.bulkdocs.worker.settings;

import org.bulkdocs.webhook.StoragePrefix;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the state the worker shares with the API lives in the documents bucket: customer settings and
 * the webhook ledger. Must be the same value in both services ({@code SETTINGS_PREFIX}).
 *
 * @param prefix key prefix, {@code _bulkdocs/} by default; see {@link StoragePrefix} for the rules
 */
@ConfigurationProperties("bulkdocs.settings")
public record SharedStateProperties(String prefix) {

  public SharedStateProperties {
    prefix = prefix == null || prefix.isBlank() ? StoragePrefix.DEFAULT : StoragePrefix.validate(prefix);
  }
}
