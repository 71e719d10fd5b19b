package org.bulkdocs.common.state.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A customer's webhook settings as stored (one JSON object per customer, see
 * {@link CustomerSettingsStore}).
 *
 * @param webhookUrl where webhooks go; null when the customer cleared it (then nothing is sent, the
 *     worker's configured target is NOT used: clearing is a decision)
 * @param webhookKey HMAC key of {@code x-metriport-signature}; null exactly when the URL is null
 * @param revision changes with every URL update, so the outcome of a ping is only recorded against
 *     the settings it tested, and workflows can refer to "these settings" without carrying the URL or
 *     the key
 * @param webhookEnabled whether the last ping or delivery reached the endpoint
 * @param webhookStatusDetail what happened last, in words; never contains the URL or the key
 * @param updatedAt ISO-8601 time of the last write
 * @param webhookPageSize documents per bulk-download message (0: one message); null: the deployment's
 *     {@code WEBHOOK_PAGE_SIZE}. A preference, kept when the URL changes or is cleared
 * @param previousWebhookKey the key before the last rotation, still signing next to the new one until
 *     {@code previousKeyValidUntil}; null when there is no overlap
 * @param previousKeyValidUntil ISO-8601 end of the rotation's overlap
 * @param webhookUrlValidityMinutes how long the download URLs of this customer's messages stay valid;
 *     null: the deployment's {@code URL_VALIDITY}. A preference like the page size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerSettings(
    String cxId,
    String webhookUrl,
    String webhookKey,
    String revision,
    boolean webhookEnabled,
    String webhookStatusDetail,
    String updatedAt,
    Integer webhookPageSize,
    @Nullable String previousWebhookKey,
    @Nullable String previousKeyValidUntil,
    @Nullable Integer webhookUrlValidityMinutes) {

  /** The most documents a customer may ask for per message. */
  public static final int MAX_WEBHOOK_PAGE_SIZE = 100_000;

  /** URL lifetimes a customer may choose: 5 minutes to SigV4's maximum of 7 days. */
  public static final int MIN_URL_VALIDITY_MINUTES = 5;

  public static final int MAX_URL_VALIDITY_MINUTES = 7 * 24 * 60;

  public CustomerSettings {
    if ((webhookUrl == null) != (webhookKey == null)) {
      throw new IllegalArgumentException("a webhook URL and its key are set or cleared together");
    }
    if (webhookPageSize != null && (webhookPageSize < 0 || webhookPageSize > MAX_WEBHOOK_PAGE_SIZE)) {
      throw new IllegalArgumentException("webhookPageSize must be between 0 and " + MAX_WEBHOOK_PAGE_SIZE);
    }
    if (webhookUrlValidityMinutes != null
        && (webhookUrlValidityMinutes < MIN_URL_VALIDITY_MINUTES || webhookUrlValidityMinutes > MAX_URL_VALIDITY_MINUTES)) {
      throw new IllegalArgumentException(
          "webhookUrlValidityMinutes must be between " + MIN_URL_VALIDITY_MINUTES + " and " + MAX_URL_VALIDITY_MINUTES);
    }
    if ((previousWebhookKey == null) != (previousKeyValidUntil == null)) {
      throw new IllegalArgumentException("a previous webhook key needs the end of its overlap, and only it");
    }
    if (webhookUrl == null && previousWebhookKey != null) {
      throw new IllegalArgumentException("a cleared webhook keeps no previous key");
    }
  }

  /** Settings without a rotation overlap or a URL lifetime of their own. */
  public CustomerSettings(
      String cxId,
      String webhookUrl,
      String webhookKey,
      String revision,
      boolean webhookEnabled,
      String webhookStatusDetail,
      String updatedAt,
      Integer webhookPageSize) {
    this(cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, webhookPageSize, null, null, null);
  }

  /** Settings without a page size of their own. */
  public CustomerSettings(
      String cxId,
      String webhookUrl,
      String webhookKey,
      String revision,
      boolean webhookEnabled,
      String webhookStatusDetail,
      String updatedAt) {
    this(cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, null, null, null, null);
  }

  public boolean hasWebhook() {
    return webhookUrl != null;
  }

  public CustomerSettings withStatus(boolean enabled, String detail, String now) {
    return new CustomerSettings(
        cxId, webhookUrl, webhookKey, revision, enabled, detail, now, webhookPageSize, previousWebhookKey,
        previousKeyValidUntil, webhookUrlValidityMinutes);
  }

  public CustomerSettings withPageSize(Integer pageSize) {
    return new CustomerSettings(
        cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, pageSize,
        previousWebhookKey, previousKeyValidUntil, webhookUrlValidityMinutes);
  }

  public CustomerSettings withUrlValidityMinutes(Integer minutes) {
    return new CustomerSettings(
        cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, webhookPageSize,
        previousWebhookKey, previousKeyValidUntil, minutes);
  }

  /**
   * A new key; the current one keeps signing next to it until {@code overlapEnd} (none when the overlap
   * is zero). The URL, its revision and the endpoint's state stay: the endpoint is the same.
   */
  public CustomerSettings withRotatedKey(String newKey, Instant now, Duration overlap) {
    if (!hasWebhook()) {
      throw new IllegalStateException("no webhook key to rotate");
    }
    boolean overlaps = !overlap.isZero();
    return new CustomerSettings(
        cxId, webhookUrl, newKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, webhookPageSize,
        overlaps ? webhookKey : null, overlaps ? now.plus(overlap).toString() : null, webhookUrlValidityMinutes);
  }

  /** The previous key while its overlap lasts at {@code now}. */
  public Optional<String> previousKeyAt(Instant now) {
    if (previousWebhookKey == null || !now.isBefore(Instant.parse(previousKeyValidUntil))) {
      return Optional.empty();
    }
    return Optional.of(previousWebhookKey);
  }

  /** This customer's URL lifetime, or {@code deployment}'s when it chose none. */
  public Duration urlValidity(Duration deployment) {
    return webhookUrlValidityMinutes == null ? deployment : Duration.ofMinutes(webhookUrlValidityMinutes);
  }

  /** Same settings apart from the time of the write, i.e. writing {@code other} would change nothing. */
  public boolean sameAs(CustomerSettings other) {
    return other != null && withUpdatedAt(null).equals(other.withUpdatedAt(null));
  }

  private CustomerSettings withUpdatedAt(@Nullable String when) {
    return new CustomerSettings(
        cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, when, webhookPageSize,
        previousWebhookKey, previousKeyValidUntil, webhookUrlValidityMinutes);
  }

  /** Never prints the URL or the key: settings objects end up in log lines and assertion messages. */
  @Override
  public String toString() {
    return "CustomerSettings[cxId=" + cxId + ", webhook=" + (hasWebhook() ? "<set>" : "none")
        + ", revision=" + revision + ", webhookEnabled=" + webhookEnabled
        + ", webhookStatusDetail=" + webhookStatusDetail + ", updatedAt=" + updatedAt
        + ", webhookPageSize=" + webhookPageSize
        + ", previousKeyValidUntil=" + previousKeyValidUntil
        + ", webhookUrlValidityMinutes=" + webhookUrlValidityMinutes + "]";
  }
}
