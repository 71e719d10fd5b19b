package org.bulkdocs.contract.ping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Which settings to test. Neither the URL nor the key: the worker reads them from the settings store,
 * so they never enter workflow history.
 *
 * @param settingsRevision the revision of the settings the API just wrote; a ping for settings that
 *     have changed since is not sent, and its outcome never recorded
 */
// API and worker deploy separately: a field added by a newer release must not break an older one.
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookPingRequest(String cxId, String settingsRevision) {}
