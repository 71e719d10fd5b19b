package org.bulkdocs.contract.ping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param sent false when the settings had changed before the ping went out (nothing was recorded)
 * @param webhookStatusDetail what happened, never the URL or the key
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookPingResult(boolean sent, boolean webhookEnabled, String webhookStatusDetail) {}
