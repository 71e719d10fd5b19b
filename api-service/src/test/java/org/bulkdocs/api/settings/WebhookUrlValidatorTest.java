package org.bulkdocs.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.webhook.address.WebhookAddressPolicy;
import org.junit.jupiter.api.Test;

/** The local/dev switches: what run-local.sh needs to point a customer's webhook at its inbox. */
class WebhookUrlValidatorTest {

  private static WebhookUrlValidator validator(boolean allowPrivate, boolean allowHttp) {
    return new WebhookUrlValidator(
        new WebhookAddressPolicy(allowPrivate),
        new SettingsProperties("_bulkdocs/", allowPrivate, allowHttp, Duration.ofSeconds(2)));
  }

  @Test
  void productionRefusesHttpAndLoopback() {
    try (WebhookUrlValidator strict = validator(false, false)) {
      assertThatThrownBy(() -> strict.requireValid("http://203.0.113.10/hook"))
          .isInstanceOf(ApiException.class)
          .hasMessage("webhookUrl must be an https URL");
      assertThatThrownBy(() -> strict.requireValid("https://127.0.0.1:8090/webhook"))
          .hasMessage(WebhookUrlValidator.INTERNAL_ADDRESS);
      assertThat(strict.requireValid("https://203.0.113.10/hook")).isEqualTo("https://203.0.113.10/hook");
      assertThat(strict.requireValid("HTTPS://[2606:4700:4700::1111]:8443/a?b=c")).isEqualTo("HTTPS://[2606:4700:4700::1111]:8443/a?b=c");
    }
  }

  @Test
  void localModeAcceptsTheLocalInbox() {
    try (WebhookUrlValidator local = validator(true, true)) {
      assertThat(local.requireValid("http://127.0.0.1:8090/webhook")).isEqualTo("http://127.0.0.1:8090/webhook");
      assertThat(local.requireValid("http://localhost:8090/webhook")).isEqualTo("http://localhost:8090/webhook");
      assertThatThrownBy(() -> local.requireValid("ftp://127.0.0.1/x")).hasMessage("webhookUrl must be an http or https URL");
    }
    try (WebhookUrlValidator privateOnly = validator(true, false)) {
      assertThatThrownBy(() -> privateOnly.requireValid("http://127.0.0.1:8090/webhook")).hasMessage("webhookUrl must be an https URL");
    }
  }

  @Test
  void refusesUnusablePrefixes() {
    assertThatThrownBy(() -> new SettingsProperties("settings/", false, false, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new SettingsProperties(null, false, false, null).prefix()).isEqualTo("_bulkdocs/");
  }
}
