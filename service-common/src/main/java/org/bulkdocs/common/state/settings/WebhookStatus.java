package org.bulkdocs.common.state.settings;

import java.util.Optional;
import java.util.UUID;

/**
 * The one owner of a customer's webhook status ({@code GET /settings/webhook}'s {@code webhookEnabled}
 * and {@code webhookStatusDetail}). Three writers share it: the API when a URL is set or cleared, the
 * ping, and every delivery attempt. Each goes through one of the transitions below, so the rules live
 * here once:
 *
 * <ul>
 *   <li>a new URL gets a new revision and starts disabled, waiting for its ping;
 *   <li>an outcome (ping or delivery) is recorded only against the revision it tested: a customer who
 *       changed the URL meanwhile is not told about the old one;
 *   <li>nothing is written when nothing changes.
 * </ul>
 */
public final class WebhookStatus {

  public static final String NO_WEBHOOK = "No webhook URL is set";
  public static final String VERIFYING = "Waiting for the webhook endpoint to answer the ping";
  public static final String PING_NOT_STARTED =
      "The ping could not be sent: the workflow service is unavailable; set the webhook URL again to retry";

  private final CustomerSettingsStore store;

  public WebhookStatus(CustomerSettingsStore store) {
    this.store = store;
  }

  /** Sets the URL under a new revision, keeping the customer's key or giving it {@code newKey}. */
  public CustomerSettings urlSet(String cxId, String url, String newKey) {
    String revision = UUID.randomUUID().toString();
    return store
        .update(
            cxId,
            current ->
                current.filter(CustomerSettings::hasWebhook).isPresent()
                    // the same key, and the overlap of a rotation in progress with it
                    ? new CustomerSettings(
                        cxId, url, current.get().webhookKey(), revision, false, VERIFYING, null,
                        current.get().webhookPageSize(), current.get().previousWebhookKey(),
                        current.get().previousKeyValidUntil(), current.get().webhookUrlValidityMinutes())
                    : new CustomerSettings(
                        cxId, url, newKey, revision, false, VERIFYING, null,
                        current.map(CustomerSettings::webhookPageSize).orElse(null), null, null,
                        current.map(CustomerSettings::webhookUrlValidityMinutes).orElse(null)))
        .orElseThrow();
  }

  /** Clears URL and key together (how a key is rotated). */
  public CustomerSettings cleared(String cxId) {
    String revision = UUID.randomUUID().toString();
    return store
        .update(
            cxId,
            current ->
                new CustomerSettings(
                    cxId, null, null, revision, false, NO_WEBHOOK, null,
                    current.map(CustomerSettings::webhookPageSize).orElse(null), null, null,
                    current.map(CustomerSettings::webhookUrlValidityMinutes).orElse(null)))
        .orElseThrow();
  }

  public void pingNotStarted(String cxId, String revision) {
    record(cxId, revision, false, PING_NOT_STARTED);
  }

  /** @return whether {@code revision} is still the customer's settings, i.e. the outcome counted */
  public boolean pingAnswered(String cxId, String revision, boolean enabled, String detail) {
    return record(cxId, revision, enabled, detail).map(s -> revision.equals(s.revision())).orElse(false);
  }

  /**
   * What a delivery attempt found out about the endpoint. {@code enabledWhenRead} is the status the
   * attempt read with the settings: an unchanged status is not written again (a delivery must not cost a
   * write), unless {@code evenIfUnchanged} (a 410 says why the webhook is disabled).
   */
  public void deliveryOutcome(
      String cxId, String revision, boolean enabledWhenRead, boolean working, String detail, boolean evenIfUnchanged) {
    if (enabledWhenRead != working || evenIfUnchanged) {
      record(cxId, revision, working, detail);
    }
  }

  /** What {@code GET /settings/webhook} says of settings as stored (none: no webhook). */
  public static boolean enabled(Optional<CustomerSettings> settings) {
    return settings.map(CustomerSettings::webhookEnabled).orElse(false);
  }

  public static String detail(Optional<CustomerSettings> settings) {
    return settings.map(CustomerSettings::webhookStatusDetail).orElse(NO_WEBHOOK);
  }

  private Optional<CustomerSettings> record(String cxId, String revision, boolean enabled, String detail) {
    return store.update(
        cxId,
        current ->
            current
                .filter(s -> s.hasWebhook() && revision.equals(s.revision()))
                .map(s -> s.withStatus(enabled, detail, s.updatedAt()))
                .orElse(null));
  }
}
