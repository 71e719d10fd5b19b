package org.bulkdocs.api.settings;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code POST /settings} asks to change.
 *
 * @param setsUrl the body set or cleared the URL ({@code webhookUrl} given, or an empty body)
 * @param url the URL to set; empty clears it
 * @param setsPageSize the body has {@code webhookPageSize}
 * @param pageSize documents per message (0: one message); null: the deployment's default
 */
record SettingsChange(boolean setsUrl, Optional<String> url, boolean setsPageSize, @Nullable Integer pageSize) {

  static SettingsChange url(Optional<String> url) {
    return new SettingsChange(true, url, false, null);
  }
}
