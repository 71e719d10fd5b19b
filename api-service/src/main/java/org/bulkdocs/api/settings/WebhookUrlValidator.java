package org.bulkdocs.api.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.common.address.RefusedAddressException;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether a webhook URL may be stored: an absolute {@code https} URL of at most 2048
 * characters with a host and no credentials, whose host resolves only to addresses the shared SSRF
 * policy allows (IP literals included). The worker checks the resolved address again at every send,
 * because DNS answers change.
 */
@Component
class WebhookUrlValidator implements AutoCloseable {

  static final int MAX_LENGTH = 2048;

  static final String INTERNAL_ADDRESS =
      "webhookUrl must not point at a loopback, private, link-local, multicast or cloud metadata address";

  /**
   * A lookup keeps its thread until the OS gives up, long after the request timed out; this many per
   * customer means one customer whose DNS hangs cannot take the threads the others need.
   */
  static final int LOOKUPS_PER_CUSTOMER = 2;

  private static final int LOOKUP_THREADS = 64;

  /** Resolves and checks a host; {@link WebhookAddressPolicy#resolve} outside tests. */
  @FunctionalInterface
  interface HostCheck {
    void resolveAndCheck(String host) throws Exception;
  }

  private final HostCheck hostCheck;
  private final boolean allowHttp;
  private final Duration dnsTimeout;
  private final ConcurrentMap<String, AtomicInteger> lookupsInFlight = new ConcurrentHashMap<>();

  /**
   * Lookups run here so that a slow resolver costs a bounded wait, not a request thread for as long as
   * the OS cares to retry; when they are all busy the answer is a 503.
   */
  private final ThreadPoolExecutor resolver =
      new ThreadPoolExecutor(
          0,
          LOOKUP_THREADS,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "webhook-url-dns");
            thread.setDaemon(true);
            return thread;
          });

  @Autowired
  WebhookUrlValidator(WebhookAddressPolicy policy, SettingsProperties props) {
    this(policy::resolve, props);
  }

  WebhookUrlValidator(HostCheck hostCheck, SettingsProperties props) {
    this.hostCheck = hostCheck;
    this.allowHttp = props.allowHttpWebhooks();
    this.dnsTimeout = props.dnsTimeout();
  }

  /** Returns the URL to store, or throws the 400 that explains what is wrong with it. */
  String requireValid(String cxId, String url) {
    if (url.length() > MAX_LENGTH) {
      throw ApiException.badRequest(
          "webhookUrl may be at most " + MAX_LENGTH + " characters (got " + url.length() + ")");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.badRequest("webhookUrl is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw ApiException.badRequest(
          allowHttp ? "webhookUrl must be an http or https URL" : "webhookUrl must be an https URL");
    }
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiException.badRequest("webhookUrl must be an absolute URL with a host name or IP address");
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.badRequest("webhookUrl must not contain credentials");
    }
    if (uri.getRawFragment() != null) {
      throw ApiException.badRequest("webhookUrl must not contain a fragment (#...)");
    }
    requirePublicHost(cxId, uri.getHost());
    return url;
  }

  private void requirePublicHost(String cxId, String host) {
    AtomicInteger inFlight = lookupsInFlight.computeIfAbsent(cxId, id -> new AtomicInteger());
    if (inFlight.incrementAndGet() > LOOKUPS_PER_CUSTOMER) {
      inFlight.decrementAndGet();
      long retryAfter = Math.max(1, dnsTimeout.toSeconds());
      throw ApiException.tooManyRequests(
          "Webhook URLs of this customer are still being checked; retry after " + retryAfter + " seconds",
          retryAfter);
    }
    Future<?> lookup;
    try {
      lookup =
          resolver.submit(
              () -> {
                try {
                  hostCheck.resolveAndCheck(host);
                  return null;
                } finally {
                  inFlight.decrementAndGet();
                }
              });
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      throw ApiException.unavailable("Too many webhook URLs are being checked; please try again", e);
    }
    try {
      lookup.get(dnsTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RefusedAddressException) {
        throw ApiException.badRequest(INTERNAL_ADDRESS);
      }
      if (e.getCause() instanceof UnknownHostException) {
        throw ApiException.badRequest("webhookUrl's host could not be resolved");
      }
      throw new IllegalStateException("checking a webhook host failed", e.getCause());
    } catch (TimeoutException e) {
      lookup.cancel(true);
      throw ApiException.badRequest("webhookUrl's host could not be resolved in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Interrupted while checking the webhook URL", e);
    }
  }

  @Override
  public void close() {
    resolver.shutdownNow();
  }
}
