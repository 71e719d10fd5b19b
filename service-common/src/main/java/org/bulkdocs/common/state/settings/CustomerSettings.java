package org.bulkdocs.common.state.settings;

import com.fasterxml.jackson.annotation.JsonInclude;

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
    Integer webhookPageSize) {

  /** The most documents a customer may ask for per message. */
  public static final int MAX_WEBHOOK_PAGE_SIZE = 100_000;

  public CustomerSettings {
    if ((webhookUrl == null) != (webhookKey == null)) {
      throw new IllegalArgumentException("a webhook URL and its key are set or cleared together");
    }
    if (webhookPageSize != null && (webhookPageSize < 0 || webhookPageSize > MAX_WEBHOOK_PAGE_SIZE)) {
      throw new IllegalArgumentException("webhookPageSize must be between 0 and " + MAX_WEBHOOK_PAGE_SIZE);
    }
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
    this(cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, null);
  }

  public boolean hasWebhook() {
    return webhookUrl != null;
  }

  public CustomerSettings withStatus(boolean enabled, String detail, String now) {
    return new CustomerSettings(cxId, webhookUrl, webhookKey, revision, enabled, detail, now, webhookPageSize);
  }

  public CustomerSettings withPageSize(Integer pageSize) {
    return new CustomerSettings(
        cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, updatedAt, pageSize);
  }

  /** Same settings apart from the time of the write, i.e. writing {@code other} would change nothing. */
  public boolean sameAs(CustomerSettings other) {
    return other != null
        && new CustomerSettings(
                cxId, webhookUrl, webhookKey, revision, webhookEnabled, webhookStatusDetail, null, webhookPageSize)
            .equals(
                new CustomerSettings(
                    other.cxId,
                    other.webhookUrl,
                    other.webhookKey,
                    other.revision,
                    other.webhookEnabled,
                    other.webhookStatusDetail,
                    null,
                    other.webhookPageSize));
  }

  /** Never prints the URL or the key: settings objects end up in log lines and assertion messages. */
  @Override
  public String toString() {
    return "CustomerSettings[cxId=" + cxId + ", webhook=" + (hasWebhook() ? "<set>" : "none")
        + ", revision=" + revision + ", webhookEnabled=" + webhookEnabled
        + ", webhookStatusDetail=" + webhookStatusDetail + ", updatedAt=" + updatedAt
        + ", webhookPageSize=" + webhookPageSize + "]";
  }
}
