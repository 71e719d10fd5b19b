package org.bulkdocs.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aFullBucketAllowsTheBurstThenRefillsAtTheRate() {
    TokenBuckets buckets = new TokenBuckets(60, 3, now::get); // one token a second

    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TimeUnit.SECONDS.toNanos(1));

    advance(400);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
    advance(600);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isPositive();
  }

  @Test
  void rejectedCallsTakeNothing() {
    TokenBuckets buckets = new TokenBuckets(60, 1, now::get);
    buckets.tryAcquire("cx");
    for (int i = 0; i < 100; i++) {
      buckets.tryAcquire("cx");
    }

    advance(1000);

    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
  }

  @Test
  void theBucketNeverHoldsMoreThanTheBurst() {
    TokenBuckets buckets = new TokenBuckets(60, 2, now::get);
    advance(3_600_000);

    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isPositive();
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    TokenBuckets buckets = new TokenBuckets(1, 1, now::get);

    assertThat(buckets.tryAcquire("cx-a")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx-a")).isPositive();
    assertThat(buckets.tryAcquire("cx-b")).isEqualTo(TokenBuckets.GRANTED);
  }

  @Test
  void aRefundGivesTheTokenBackButNeverMoreThanTheBurst() {
    TokenBuckets buckets = new TokenBuckets(1, 2, now::get);
    buckets.tryAcquire("cx");
    buckets.tryAcquire("cx");
    assertThat(buckets.tryAcquire("cx")).isPositive();

    buckets.refund("cx");
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);

    buckets.refund("cx");
    buckets.refund("cx");
    buckets.refund("cx");
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isEqualTo(TokenBuckets.GRANTED);
    assertThat(buckets.tryAcquire("cx")).isPositive();
    buckets.refund("never-seen"); // no bucket, nothing to give back
  }

  private void advance(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
