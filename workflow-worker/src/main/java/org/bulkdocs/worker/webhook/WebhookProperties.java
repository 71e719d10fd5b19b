package org.bulkdocs.worker.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery settings.
 *
 * @param targets each customer's webhook URL and signing key for customers who never stored settings
 *     through {@code POST /settings} (stored settings win); read at delivery time
 * @param connectTimeout TCP connect timeout of one attempt
 * @param callTimeout overall budget of one attempt (Metriport uses a few seconds)
 */
@Validated
@ConfigurationProperties("bulkdocs.webhook")
public record WebhookProperties(
    List<@Valid Target> targets,
    @NotNull Duration connectTimeout,
    @NotNull Duration callTimeout) {

  public WebhookProperties {
    targets = targets == null ? List.of() : List.copyOf(targets);
    var seen = new HashSet<String>();
    for (Target target : targets) {
      if (!seen.add(target.cxId())) {
        throw new IllegalArgumentException("two webhook targets for customer " + target.cxId());
      }
    }
  }

  public record Target(@NotBlank String cxId, @NotNull URI url, @NotBlank String key) {

    public Target {
      if (url != null
          && !("https".equalsIgnoreCase(url.getScheme())
              || "http".equalsIgnoreCase(url.getScheme()))) {
        throw new IllegalArgumentException("webhook URL for " + cxId + " must be http(s)");
      }
    }

    @Override
    public String toString() {
      return "Target[cxId=" + cxId + ", url=" + url + ", key=<redacted>]";
    }
  }
}
