package org.bulkdocs.worker.targets;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

import java.net.URI;

/**
 * Where one message goes and how it is signed, resolved at the moment of sending.
 *
 * @param settingsRevision the revision of the customer's stored settings this target came from, or
 *     null for a target from the worker's configuration
 * @param webhookEnabled what the stored settings say about the endpoint right now
 * @param keys the customer's key, and the previous one during a rotation's overlap
 * @param urlValidity how long this customer's download URLs stay valid; null: the deployment's
 */
public record WebhookTarget(
    String cxId,
    URI url,
    SigningKeys keys,
    String settingsRevision,
    boolean webhookEnabled,
    @Nullable Duration urlValidity) {

  /** A target signed with one key, its URLs valid for the deployment's lifetime. */
  public WebhookTarget(String cxId, URI url, String key, String settingsRevision, boolean webhookEnabled) {
    this(cxId, url, SigningKeys.of(key), settingsRevision, webhookEnabled, null);
  }

  public Duration urlValidityOr(Duration deployment) {
    return urlValidity == null ? deployment : urlValidity;
  }

  public boolean fromStoredSettings() {
    return settingsRevision != null;
  }

  /** The URL and the key stay out of logs and failure messages. */
  @Override
  public String toString() {
    return "WebhookTarget[cxId=" + cxId + ", url=<redacted>, key=<redacted>, settingsRevision=" + settingsRevision + "]";
  }
}
