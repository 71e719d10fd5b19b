package org.bulkdocs.worker.targets;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.bulkdocs.worker.paging.PagePlanner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery settings.
 *
 * @param targets each customer's webhook URL and signing key for customers who never stored settings
 *     through {@code POST /settings} (stored settings win); read at delivery time
 * @param connectTimeout TCP connect timeout of one attempt
 * @param callTimeout overall budget of one attempt (Metriport uses a few seconds)
 * @param pageSize documents per message for customers who set none ({@code WEBHOOK_PAGE_SIZE}); 0 sends
 *     one message, paged only when it would exceed {@code maxMessageBytes}
 * @param maxMessageBytes no message is larger ({@code WEBHOOK_MAX_MESSAGE_BYTES}): common receivers
 *     refuse bodies past a few MB (nginx 1 MB, AWS Lambda 6 MB, API Gateway 10 MB)
 * @param maxConcurrentPerCustomer deliveries in flight to one customer's endpoint on this worker
 *     ({@code WEBHOOK_MAX_CONCURRENT_PER_CUSTOMER}): a customer whose endpoint is slow or silent waits
 *     for its own slots and never holds anything another customer needs
 */
@Validated
@ConfigurationProperties("bulkdocs.webhook")
public record WebhookProperties(
    List<@Valid Target> targets,
    @NotNull Duration connectTimeout,
    @NotNull Duration callTimeout,
    @PositiveOrZero @Max(PagePlanner.MAX_PAGE_SIZE) int pageSize,
    @Min(PagePlanner.MIN_MESSAGE_BYTES) long maxMessageBytes,
    @Min(1) int maxConcurrentPerCustomer) {

  public static final int DEFAULT_MAX_CONCURRENT_PER_CUSTOMER = 4;

  /** Without paging settings: one message up to the default cap (tests, tools). */
  public WebhookProperties(List<Target> targets, Duration connectTimeout, Duration callTimeout) {
    this(targets, connectTimeout, callTimeout, 0, PagePlanner.DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CONCURRENT_PER_CUSTOMER);
  }

  @ConstructorBinding
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
