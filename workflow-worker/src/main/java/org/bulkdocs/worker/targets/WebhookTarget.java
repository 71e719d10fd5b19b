package org.bulkdocs.worker.targets;

import java.net.URI;

/**
 * Where one message goes and how it is signed, resolved at the moment of sending.
 *
 * @param settingsRevision the revision of the customer's stored settings this target came from, or
 *     null for a target from the worker's configuration
 * @param webhookEnabled what the stored settings say about the endpoint right now
 */
public record WebhookTarget(
    String cxId, URI url, String key, String settingsRevision, boolean webhookEnabled) {

  public boolean fromStoredSettings() {
    return settingsRevision != null;
  }

  /** The URL and the key stay out of logs and failure messages. */
  @Override
  public String toString() {
    return "WebhookTarget[cxId=" + cxId + ", url=<redacted>, key=<redacted>, settingsRevision=" + settingsRevision + "]";
  }
}
