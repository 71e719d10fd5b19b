package org.bulkdocs.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.settings.WebhookUrlValidator.HostCheck;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.junit.jupiter.api.Test;

/** The local/dev switches: what run-local.sh needs to point a customer's webhook at its inbox. */
class WebhookUrlValidatorTest {

  private static WebhookUrlValidator validator(boolean allowPrivate, boolean allowHttp) {
    return new WebhookUrlValidator(
        new WebhookAddressPolicy(allowPrivate),
        new SettingsProperties(allowHttp, Duration.ofSeconds(2)));
  }

  @Test
  void productionRefusesHttpAndLoopback() {
    try (WebhookUrlValidator strict = validator(false, false)) {
      assertThatThrownBy(() -> strict.requireValid("cx-a", "http://203.0.113.10/hook"))
          .isInstanceOf(ApiException.class)
          .hasMessage("webhookUrl must be an https URL");
      assertThatThrownBy(() -> strict.requireValid("cx-a", "https://127.0.0.1:8090/webhook"))
          .hasMessage(WebhookUrlValidator.INTERNAL_ADDRESS);
      assertThat(strict.requireValid("cx-a", "https://203.0.113.10/hook")).isEqualTo("https://203.0.113.10/hook");
      assertThat(strict.requireValid("cx-a", "HTTPS://[2606:4700:4700::1111]:8443/a?b=c")).isEqualTo("HTTPS://[2606:4700:4700::1111]:8443/a?b=c");
    }
  }

  @Test
  void localModeAcceptsTheLocalInbox() {
    try (WebhookUrlValidator local = validator(true, true)) {
      assertThat(local.requireValid("cx-a", "http://127.0.0.1:8090/webhook")).isEqualTo("http://127.0.0.1:8090/webhook");
      assertThat(local.requireValid("cx-a", "http://localhost:8090/webhook")).isEqualTo("http://localhost:8090/webhook");
      assertThatThrownBy(() -> local.requireValid("cx-a", "ftp://127.0.0.1/x")).hasMessage("webhookUrl must be an http or https URL");
    }
    try (WebhookUrlValidator privateOnly = validator(true, false)) {
      assertThatThrownBy(() -> privateOnly.requireValid("cx-a", "http://127.0.0.1:8090/webhook")).hasMessage("webhookUrl must be an https URL");
    }
  }

  @Test
  void oneCustomerWhoseDnsHangsCannotTakeTheLookupsOfTheOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HostCheck hangsForSlowCustomer =
        host -> {
          if (host.equals("hangs.example")) {
            release.await(); // a resolver that never answers, until the test ends
          }
        };
    ExecutorService clients = Executors.newFixedThreadPool(20);
    try (WebhookUrlValidator validator =
        new WebhookUrlValidator(
            hangsForSlowCustomer, new SettingsProperties(false, Duration.ofMillis(200)))) {
      List<Future<Integer>> slow = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        slow.add(clients.submit(() -> statusOf(() -> validator.requireValid("cx-slow", "https://hangs.example/hook"))));
      }
      Set<Integer> slowAnswers = new HashSet<>();
      for (Future<Integer> answer : slow) {
        slowAnswers.add(answer.get(10, TimeUnit.SECONDS));
      }
      // Its own lookups time out (400); past its share it is told to come back (429); never a 5xx.
      assertThat(slowAnswers).containsOnly(400, 429);

      // The hung lookups still hold their threads, yet every other customer is served.
      for (int i = 0; i < 30; i++) {
        assertThat(validator.requireValid("cx-" + i, "https://fine.example/hook")).isEqualTo("https://fine.example/hook");
      }
    } finally {
      release.countDown();
      clients.shutdownNow();
    }
  }

  private static int statusOf(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (ApiException e) {
      return e.status().value();
    }
  }
}
