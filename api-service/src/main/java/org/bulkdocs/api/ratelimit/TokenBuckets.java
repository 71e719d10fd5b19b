package org.bulkdocs.api.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: holds up to {@code capacity} tokens, refills continuously at
 * {@code tokensPerMinute}, and every call takes one token. Plain Java with an injectable clock so the
 * arithmetic is tested without sleeping.
 *
 * <p>The map grows with the number of distinct keys; keys are authenticated customer IDs, a set fixed
 * by configuration, so it stays bounded.
 */
final class TokenBuckets {

  /** Nothing to wait for: the call may proceed. */
  static final long GRANTED = 0;

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBuckets(int tokensPerMinute, int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.tokensPerNano = tokensPerMinute / (double) TimeUnit.MINUTES.toNanos(1);
    this.nanoTime = nanoTime;
  }

  /**
   * Takes a token for {@code key} if one is there.
   *
   * @return {@link #GRANTED}, or the nanoseconds until a token will be available
   */
  long tryAcquire(String key) {
    return buckets.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong())).tryAcquire();
  }

  /** Puts back a token taken by {@link #tryAcquire}, never above the bucket's size. */
  void refund(String key) {
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      bucket.refund();
    }
  }

  private final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized long tryAcquire() {
      long now = nanoTime.getAsLong();
      tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return GRANTED;
      }
      // Rejected calls take nothing, so a client that backs off for this long is certain to get in.
      return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
    }

    synchronized void refund() {
      tokens = Math.min(capacity, tokens + 1);
    }
  }
}
