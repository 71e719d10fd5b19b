package org.bulkdocs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.junit.jupiter.api.Test;

/** meta.data must echo the customer's metadata exactly, key order included, through every copy. */
class MetadataOrderTest {

  // Enough keys that a hash-ordered map (Map.copyOf) would reorder them on almost every JVM.
  private static final List<String> KEYS =
      List.of("zulu", "youCan", "stringKeyValue", "run", "alpha", "mike", "b", "a", "k9", "k10", "k1", "Z");

  @Test
  void theRequestAndItsTemporalPayloadKeepTheOrderSent() {
    Map<String, String> sent = new LinkedHashMap<>();
    KEYS.forEach(key -> sent.put(key, "v-" + key));

    BulkDownloadRequest request = BulkDownloadRequest.start("cx", "p", "r", sent);
    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(request).orElseThrow();
    BulkDownloadRequest decoded =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, BulkDownloadRequest.class, BulkDownloadRequest.class);

    assertEquals(KEYS, List.copyOf(request.metadata().keySet()));
    assertEquals(KEYS, List.copyOf(decoded.metadata().keySet()));
    assertEquals(KEYS, List.copyOf(decoded.continueWith(null).metadata().keySet()));
    assertEquals(
        KEYS, List.copyOf(BulkDownloadRequest.redelivery("cx", "p", "r", sent, "m", null, null).metadata().keySet()));
  }
}
