package org.bulkdocs.common.state;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the state the API and the worker share lives in the documents bucket: customer settings and the
 * webhook ledger. One record bound by both services, so they cannot disagree ({@code SETTINGS_PREFIX}).
 *
 * @param prefix key prefix, {@code _bulkdocs/} by default; see {@link StoragePrefix} for the rules
 */
@ConfigurationProperties("bulkdocs.shared-state")
public record SharedStateProperties(String prefix) {

  public SharedStateProperties {
    prefix = prefix == null || prefix.isBlank() ? StoragePrefix.DEFAULT : StoragePrefix.validate(prefix);
  }
}
