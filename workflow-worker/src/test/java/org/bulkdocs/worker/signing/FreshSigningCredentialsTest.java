package org.bulkdocs.worker.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.worker.support.InProcessS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Temporary credentials that expire in a few minutes, as a role's do when the SDK has not refreshed them
 * yet: the URLs still get their full hour, signed with credentials fetched fresh.
 */
class FreshSigningCredentialsTest {

  private static final Duration VALIDITY = Duration.ofMinutes(60);

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    final AtomicReference<Instant> now;

    MovingClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Each provider built is a fresh fetch from the role's source: new keys, a life of {@code life}. */
  private static AwsCredentialsProvider fetched(int n, Instant now, Duration life) {
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.builder()
            .accessKeyId("ASIAFETCH" + n)
            .secretAccessKey("secret-" + n)
            .sessionToken("token-" + n)
            .expirationTime(now.plus(life))
            .build());
  }

  @Test
  void credentialsExpiringBeforeTheUrlAreFetchedAfreshAndTheUrlGetsItsFullValidity() {
    MovingClock clock = new MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
    AtomicInteger fetches = new AtomicInteger();
    // the first fetch gives credentials with 3 minutes left (cached by the SDK until just before expiry)
    FreshSigningCredentials credentials =
        new FreshSigningCredentials(
            () -> {
              int n = fetches.incrementAndGet();
              return fetched(n, clock.instant(), n == 1 ? Duration.ofMinutes(3) : Duration.ofHours(1).plusMinutes(5));
            },
            VALIDITY,
            clock);
    try (InProcessS3 s3 = InProcessS3.start()) {
      UrlSigner signer = new UrlSigner(s3.presigner(), "docs", "us-east-1", credentials, clock);

      UrlSigner.Batch batch = signer.batch(VALIDITY);
      String url = batch.presign("cx/p/a.pdf");

      assertEquals(clock.instant().plus(VALIDITY), batch.expiresAt(), "the URL's full hour");
      assertTrue(url.contains("X-Amz-Expires=3600&"), url);
      assertTrue(url.contains("ASIAFETCH2"), "signed with the fresh credentials: " + url);
      assertEquals(2, fetches.get());

      // fresh enough now: no further fetch, the same keys
      clock.now.set(clock.instant().plus(Duration.ofMinutes(2)));
      assertTrue(signer.batch(VALIDITY).presign("cx/p/a.pdf").contains("ASIAFETCH2"));
      assertEquals(2, fetches.get());
    }
  }

  @Test
  void aSourceThatHasNothingFresherIsNotHammered() {
    MovingClock clock = new MovingClock(Instant.parse("2026-12-01T10:00:00Z"));
    AtomicInteger fetches = new AtomicInteger();
    Instant expiry = clock.instant().plus(Duration.ofMinutes(10));
    FreshSigningCredentials credentials =
        new FreshSigningCredentials(
            () -> {
              fetches.incrementAndGet();
              return StaticCredentialsProvider.create(
                  AwsSessionCredentials.builder()
                      .accessKeyId("ASIASAME").secretAccessKey("s").sessionToken("t").expirationTime(expiry).build());
            },
            VALIDITY,
            clock);
    for (int i = 0; i < 100; i++) {
      credentials.resolveCredentials();
    }
    assertEquals(2, fetches.get(), "the first provider and one fresh fetch");
    clock.now.set(clock.instant().plus(FreshSigningCredentials.MIN_REFRESH_INTERVAL));
    credentials.resolveCredentials();
    assertEquals(3, fetches.get(), "tried again once the interval passed");
  }

  @Test
  void staticCredentialsPassThrough() {
    AtomicInteger fetches = new AtomicInteger();
    FreshSigningCredentials credentials =
        new FreshSigningCredentials(
            () -> {
              fetches.incrementAndGet();
              return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"));
            },
            VALIDITY,
            Clock.systemUTC());
    assertEquals("AKID", credentials.resolveCredentials().accessKeyId());
    assertEquals(1, fetches.get());
  }
}
