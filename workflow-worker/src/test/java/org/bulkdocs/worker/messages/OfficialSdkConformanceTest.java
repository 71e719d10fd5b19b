package org.bulkdocs.worker.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.OfficialSdk;
import org.bulkdocs.testsupport.WebhookReceiver;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;

/** What customers' handlers receive passes Metriport's own SDK, completed and failed alike. */
class OfficialSdkConformanceTest {

  private static final String CX = "cx-sdk";
  private static final String KEY = "sdk-webhook-key-Ü";

  @Test
  void theSdkAcceptsACompletedMessageAndItsSignature() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start()) {
      String patient = "patient-" + UUID.randomUUID();
      s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_a.pdf", new byte[] {1});
      s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_b.xml", new byte[] {2, 3});
      String requestId = UUID.randomUUID().toString();
      JsonNode summary =
          deliverAndCheck(s3.properties(), patient, requestId, Map.of("ünïcode", "välue \"quoted\""), () -> {});
      assertEquals("medical.document-bulk-download-urls", summary.get("type").asString());
      assertTrue(summary.get("standardWebhooks").asBoolean(), "the Standard Webhooks library verified the headers");
      assertEquals(requestId, summary.get("requestId").asString());
      assertEquals("välue \"quoted\"", summary.get("data").get("ünïcode").asString());
      JsonNode entry = summary.get("patients").get(0);
      assertEquals("completed", entry.get("status").asString());
      assertEquals(2, entry.get("documents").asInt());
      assertEquals(2, entry.get("urls").asInt());
    }
  }

  @Test
  void theSdkAcceptsAFailedMessage() throws Exception {
    try (InProcessS3 s3 = InProcessS3.start()) {
      String patient = "patient-" + UUID.randomUUID();
      JsonNode summary =
          deliverAndCheck(s3.propertiesWithBucket("missing-bucket"), patient, "req-failed", Map.of(), null);
      JsonNode entry = summary.get("patients").get(0);
      assertEquals("failed", entry.get("status").asString());
      assertEquals(0, entry.get("documents").asInt());
    }
  }

  private static JsonNode deliverAndCheck(
      org.bulkdocs.common.s3.S3Properties s3Props,
      String patient,
      String requestId,
      Map<String, String> metadata,
      Executable expectSuccess)
      throws Exception {
    AtomicReference<WorkerFixture> ref = new AtomicReference<>();
    try (WebhookReceiver receiver = new WebhookReceiver(() -> ref.get().now(), now -> 200);
        WorkerFixture fixture =
            WorkerFixture.start(s3Props, CX, receiver.url(), KEY, WorkerFixture.defaultDelivery())) {
      ref.set(fixture);
      WorkflowStub stub = fixture.startRun(CX, patient, requestId, metadata);
      try {
        stub.getResult(BulkDownloadResult.class);
      } catch (WorkflowFailedException e) {
        if (expectSuccess != null) {
          throw e;
        }
      }
      return OfficialSdk.acceptWebhook(KEY, receiver.last());
    }
  }
}
