package org.bulkdocs.api.settings;

import java.util.Optional;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code POST /settings} asks to change.
 *
 * @param setsUrl the body set or cleared the URL ({@code webhookUrl} given, or an empty body)
 * @param url the URL to set; empty clears it
 * @param setsPageSize the body has {@code webhookPageSize}
 * @param pageSize documents per message (0: one message); null: the deployment's default
 * @param setsUrlValidity the body has {@code webhookUrlValidityMinutes}
 * @param urlValidityMinutes how long download URLs stay valid; null: the deployment's default
 */
record SettingsChange(
    boolean setsUrl,
    Optional<String> url,
    boolean setsPageSize,
    @Nullable Integer pageSize,
    boolean setsUrlValidity,
    @Nullable Integer urlValidityMinutes) {

  static SettingsChange url(Optional<String> url) {
    return new SettingsChange(true, url, false, null, false, null);
  }

  boolean setsPreferences() {
    return setsPageSize || setsUrlValidity;
  }

  /** The preferences of this change applied to {@code current}. */
  CustomerSettings applyPreferences(CustomerSettings current) {
    CustomerSettings next = setsPageSize ? current.withPageSize(pageSize) : current;
    return setsUrlValidity ? next.withUrlValidityMinutes(urlValidityMinutes) : next;
  }
}
