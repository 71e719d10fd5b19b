package org.bulkdocs.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.junit.jupiter.api.Test;

/**
 * During a rolling deploy an older worker can receive input written by a newer API (and the other
 * way round). Temporal's JSON converter must then ignore the fields it does not know.
 */
class ContractCompatibilityTest {

  @Test
  void aRequestWithAFieldFromANewerReleaseStillDecodes() {
    String json =
        "{\"cxId\":\"cx\",\"patientId\":\"p\",\"requestId\":\"r\",\"metadata\":{\"k\":\"v\"},"
            + "\"fieldFromTheFuture\":{\"x\":1}}";
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
            .setData(com.google.protobuf.ByteString.copyFrom(json, StandardCharsets.UTF_8))
            .build();

    BulkDownloadRequest request =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            payload, BulkDownloadRequest.class, BulkDownloadRequest.class);

    assertEquals("r", request.requestId());
    assertEquals("v", request.metadata().get("k"));
  }
}
