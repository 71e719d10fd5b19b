package org.bulkdocs.api.settings;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.bulkdocs.common.state.settings.CustomerSettingsStore;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What {@code /settings} does: keep the URL and key, ping a new URL through the worker, report the
 * webhook's state from the settings and the ledger, and start redeliveries of given-up messages. Never
 * logs a URL or a key.
 */
@Component
class CustomerSettingsService {

  /** Per call; the rest are picked up by the next one (the answer says how many were retried). */
  static final int MAX_RETRIES_PER_CALL = 1000;

  static final String WEBHOOK_REQUEST_NOT_FOUND = "Could not find the webhook request";

  private static final Logger log = LoggerFactory.getLogger(CustomerSettingsService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CustomerSettingsStore settings;
  private final WebhookStatus status;
  private final WebhookLedger ledger;
  private final WebhookRequestLog requests;
  private final WebhookUrlValidator urls;
  private final WebhookWorkflows workflows;

  CustomerSettingsService(
      CustomerSettingsStore settings,
      WebhookStatus status,
      WebhookLedger ledger,
      WebhookRequestLog requests,
      WebhookUrlValidator urls,
      WebhookWorkflows workflows) {
    this.settings = settings;
    this.status = status;
    this.ledger = ledger;
    this.requests = requests;
    this.urls = urls;
    this.workflows = workflows;
  }

  SettingsResponse get(String cxId) {
    return SettingsResponse.of(cxId, storage(() -> settings.find(cxId)).orElse(null));
  }

  /**
   * Sets the URL (keeping the key, or generating one when there is none) or clears URL and key, then
   * pings a URL that was set. Every update gets a new revision, so only the ping of the latest update
   * can mark the webhook as working.
   */
  SettingsResponse update(String cxId, Optional<String> requestedUrl) {
    return update(cxId, SettingsChange.url(requestedUrl));
  }

  /**
   * Everything is validated before anything is written. The preferences are written first: they need no
   * ping, and a retry of a call that failed in between ends in the same settings.
   */
  SettingsResponse update(String cxId, SettingsChange change) {
    Optional<String> url = change.url().map(requested -> urls.requireValid(cxId, requested));
    if (change.setsPreferences()) {
      CustomerSettings saved =
          storage(
              () ->
                  settings
                      .update(
                          cxId,
                          current ->
                              change.applyPreferences(
                                  current.orElseGet(
                                      () ->
                                          new CustomerSettings(
                                              cxId, null, null, UUID.randomUUID().toString(), false,
                                              WebhookStatus.NO_WEBHOOK, null))))
                      .orElseThrow());
      if (!change.setsUrl()) {
        return SettingsResponse.of(cxId, saved);
      }
    }
    CustomerSettings saved =
        storage(() -> url.isPresent() ? status.urlSet(cxId, url.get(), newKey()) : status.cleared(cxId));
    String revision = saved.revision();
    log.info("webhook settings {} cxId={} revision={}", url.isPresent() ? "set" : "cleared", cxId, revision);
    if (url.isPresent()) {
      try {
        workflows.startPing(cxId, revision);
      } catch (ApiException e) {
        // The settings are saved either way; the customer learns why the webhook is not enabled yet.
        log.warn("could not start the webhook ping cxId={}: {}", cxId, e.detail());
        storage(
            () -> {
              status.pingNotStarted(cxId, revision);
              return null;
            });
      }
    }
    return SettingsResponse.of(cxId, saved);
  }

  WebhookStatusResponse status(String cxId) {
    Optional<CustomerSettings> current = storage(() -> settings.find(cxId));
    int processing = storage(() -> ledger.count(cxId, WebhookLedger.State.PROCESSING));
    int failed = storage(() -> ledger.count(cxId, WebhookLedger.State.FAILED));
    return new WebhookStatusResponse(
        WebhookStatus.enabled(current), WebhookStatus.detail(current), processing, failed);
  }

  /** Starts a redelivery of each of the customer's given-up messages, with their original identity. */
  WebhookRetryResponse retry(String cxId) {
    List<LedgerEntry> failed = storage(() -> ledger.entries(cxId, WebhookLedger.State.FAILED, MAX_RETRIES_PER_CALL));
    int retried = 0;
    for (LedgerEntry entry : failed) {
      if (!cxId.equals(entry.cxId())) {
        continue; // cannot happen with keys derived from cxId; never act on another customer's entry
      }
      workflows.startRedelivery(entry);
      retried++;
    }
    log.info("webhook retry cxId={} redeliveries={}", cxId, retried);
    return new WebhookRetryResponse(retried);
  }

  /**
   * Delivers one message of the delivery log again, whether it failed or was delivered: same messageId,
   * fresh URLs, the metadata as sent. A page of a paged run is delivered with its whole run (every page
   * under the ids the customer saw); a ping is not redelivered (setting the URL again pings again).
   */
  LoggedRequest retryOne(String cxId, String messageId) {
    LoggedRequest sent =
        storage(() -> requests.find(cxId, messageId))
            .orElseThrow(() -> ApiException.notFound(WEBHOOK_REQUEST_NOT_FOUND));
    if (sent.isPing()) {
      throw ApiException.badRequest("A ping is not redelivered: POST /settings with the URL sends a new one");
    }
    workflows.startRedelivery(cxId, sent);
    log.info("webhook redelivery of one message cxId={} messageId={} runMessageId={}", cxId, messageId, sent.runMessageId());
    return sent;
  }

  /** Starts the background redelivery of the messages given up in {@code [since, until)}; false if one runs. */
  boolean recover(String cxId, Instant since, @Nullable Instant until) {
    boolean started = workflows.startRecovery(cxId, since, until);
    log.info("webhook recovery cxId={} since={} until={} started={}", cxId, since, until, started);
    return started;
  }

  /**
   * A new webhook key; the current one goes on signing next to it for {@code overlap} (see
   * {@code SigningKeys} in the worker for what each header carries). A key still in a previous overlap is
   * dropped: only the two latest keys sign.
   */
  CustomerSettings rotateKey(String cxId, Duration overlap) {
    String key = newKey();
    CustomerSettings saved =
        storage(
            () ->
                settings
                    .update(
                        cxId,
                        current -> {
                          if (current.isEmpty() || !current.get().hasWebhook()) {
                            throw ApiException.conflict(
                                "No webhook URL is set: POST /settings sets one, and gives it a key");
                          }
                          return current.get().withRotatedKey(key, Instant.now(), overlap);
                        })
                    .orElseThrow());
    log.info("webhook key rotated cxId={} overlap={} previousKeyValidUntil={}", cxId, overlap, saved.previousKeyValidUntil());
    return saved;
  }

  /** 32 random bytes, hex: the HMAC key shared with the customer. */
  static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  private static <T> T storage(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw ApiException.unavailable("Settings storage is unavailable; please try again later", e);
    }
  }
}
