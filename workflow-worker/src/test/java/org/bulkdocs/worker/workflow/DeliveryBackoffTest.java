package org.bulkdocs.worker.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.bulkdocs.contract.bulk.DeliveryPolicy;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

  private static final DeliveryPolicy POLICY =
      new DeliveryPolicy(Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30), 3);

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
    DeliveryPolicy tight = new DeliveryPolicy(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(1), 3);
    assertEquals(Duration.ofSeconds(2), DeliveryBackoff.next(tight, 1, null));
  }
}
