package org.bulkdocs.worker.signing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials that outlive the URLs they sign. A URL signed with temporary credentials (an IAM role on
 * EC2, ECS or EKS) dies when they do, and the SDK's providers refresh them only minutes before they
 * expire: a URL signed in between would reach the customer valid for minutes instead of {@code
 * validity}. When the credentials in hand expire before a URL signed now would, a provider is built
 * anew from {@code providers} (the same chain, no cache) and asked for fresh ones, which the role's
 * source (STS, the instance or container endpoint) issues with their full life. Static credentials never
 * expire and pass through untouched.
 */
final class FreshSigningCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

  /** At most one fresh fetch this often, whatever the source answers: it must never be hammered. */
  static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

  private final Supplier<AwsCredentialsProvider> providers;
  private final Duration validity;
  private final Clock clock;
  private AwsCredentialsProvider current;
  private Instant lastRefresh = Instant.MIN;

  /**
   * @param providers builds an uncached provider of the same credentials (called again to refresh)
   * @param validity how long the URLs signed with these credentials must stay valid
   */
  FreshSigningCredentials(Supplier<AwsCredentialsProvider> providers, Duration validity, Clock clock) {
    this.providers = providers;
    this.validity = validity;
    this.clock = clock;
    this.current = providers.get();
  }

  @Override
  public synchronized AwsCredentials resolveCredentials() {
    AwsCredentials credentials = current.resolveCredentials();
    Instant now = clock.instant();
    if (!expireBeforeAUrl(credentials, now) || now.isBefore(lastRefresh.plus(MIN_REFRESH_INTERVAL))) {
      return credentials;
    }
    lastRefresh = now;
    AwsCredentialsProvider fresh = providers.get();
    AwsCredentials refreshed = fresh.resolveCredentials();
    if (refreshed.expirationTime().orElse(Instant.MAX).isAfter(credentials.expirationTime().orElseThrow())) {
      AwsCredentialsProvider old = current;
      current = fresh;
      close(old);
      return refreshed;
    }
    close(fresh);
    return credentials;
  }

  private boolean expireBeforeAUrl(AwsCredentials credentials, Instant now) {
    return credentials.expirationTime().map(expiry -> expiry.isBefore(now.plus(validity))).orElse(false);
  }

  private static void close(AwsCredentialsProvider provider) {
    if (provider instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  @Override
  public synchronized void close() {
    close(current);
  }
}
