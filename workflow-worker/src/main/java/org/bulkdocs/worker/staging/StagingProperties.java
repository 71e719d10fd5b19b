package org.bulkdocs.worker.staging;

import org.bulkdocs.common.state.StoragePrefix;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where runs stage their claim-check data in the documents bucket.
 *
 * @param prefix under the reserved {@code _bulkdocs/} by default. It must not be able to be a customer's
 *     folder ({@link StoragePrefix}): a customer with that ID could otherwise list and presign other runs'
 *     staged files through its own patient IDs
 */
@ConfigurationProperties("bulkdocs.staging")
public record StagingProperties(String prefix) {

  public static final String DEFAULT_PREFIX = StoragePrefix.DEFAULT + "staging/";

  public StagingProperties {
    prefix = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : StoragePrefix.validate(prefix);
  }
}
