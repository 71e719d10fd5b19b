package org.bulkdocs.contract.recovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * @param since ISO-8601: messages given up at or after this time
 * @param until ISO-8601: and before this time; null: up to now
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookRecoveryRequest(String cxId, String since, String until) {}
