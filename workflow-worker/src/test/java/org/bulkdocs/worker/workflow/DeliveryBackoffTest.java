package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

  private static final DeliveryPolicy POLICY =
      new DeliveryPolicy(
          Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMinutes(5), 3, Duration.ofSeconds(50),
          Duration.ofSeconds(2), Duration.ofSeconds(30));

  @Test
  void doublesFromTheInitialBackoffUpToTheMaximum() {
    assertEquals(Duration.ofSeconds(30), DeliveryBackoff.next(POLICY, 1, null));
    assertEquals(Duration.ofSeconds(60), DeliveryBackoff.next(POLICY, 2, null));
    assertEquals(Duration.ofSeconds(120), DeliveryBackoff.next(POLICY, 3, null));
    assertEquals(Duration.ofSeconds(240), DeliveryBackoff.next(POLICY, 4, null));
    assertEquals(Duration.ofMinutes(5), DeliveryBackoff.next(POLICY, 5, null));
    assertEquals(Duration.ofMinutes(5), DeliveryBackoff.next(POLICY, 10_000, null), "no overflow however many attempts");
  }

  @Test
  void aLongerRetryAfterIsHonouredUpToTheMaximumAndAShorterOneIgnored() {
    assertEquals(Duration.ofSeconds(90), DeliveryBackoff.next(POLICY, 1, Duration.ofSeconds(90)));
    assertEquals(Duration.ofSeconds(60), DeliveryBackoff.next(POLICY, 2, Duration.ofSeconds(5)));
    assertEquals(Duration.ofMinutes(5), DeliveryBackoff.next(POLICY, 1, Duration.ofHours(2)));
  }

  @Test
  void aMaximumBelowTheInitialBackoffCaps() {
    DeliveryPolicy tight =
        new DeliveryPolicy(
            Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 3, Duration.ofSeconds(50),
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(2), DeliveryBackoff.next(tight, 1, null));
  }

  @Test
  void anOutageIsWaitedForFromTheOutageBackoffUpToItsMaximum() {
    assertEquals(Duration.ofSeconds(2), DeliveryBackoff.outage(POLICY, 1));
    assertEquals(Duration.ofSeconds(4), DeliveryBackoff.outage(POLICY, 2));
    assertEquals(Duration.ofSeconds(16), DeliveryBackoff.outage(POLICY, 4));
    assertEquals(Duration.ofSeconds(30), DeliveryBackoff.outage(POLICY, 5));
    assertEquals(Duration.ofSeconds(30), DeliveryBackoff.outage(POLICY, 100_000), "no overflow however long the outage");
  }
}
