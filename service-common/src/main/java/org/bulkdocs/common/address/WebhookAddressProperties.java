package org.bulkdocs.common.address;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one switch of the SSRF policy, bound by both services from {@code WEBHOOK_ALLOW_PRIVATE_ADDRESSES}.
 *
 * @param allowPrivate lets webhooks reach loopback and private networks: local runs and tests only
 */
@ConfigurationProperties("bulkdocs.webhook-addresses")
public record WebhookAddressProperties(boolean allowPrivate) {}
