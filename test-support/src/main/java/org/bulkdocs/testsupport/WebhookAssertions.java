package org.bulkdocs.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a received webhook the way a Metriport customer's handler does: the signature with the
 * official algorithm (HMAC-SHA256 hex over the raw body), and the shape the official SDK's
 * {@code parseWebhookResponse} accepts for {@code medical.document-bulk-download-urls}.
 */
public final class WebhookAssertions {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WebhookAssertions() {}

  public static void assertSignatureVerifies(String webhookKey, WebhookReceiver.Attempt attempt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = HexFormat.of().formatHex(mac.doFinal(attempt.body()));
      assertNotNull(attempt.signature(), "x-metriport-signature header missing");
      assertTrue(
          MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8),
              attempt.signature().getBytes(StandardCharsets.UTF_8)),
          "signature does not verify");
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Parses and checks the message; returns it for further checks. */
  public static JsonNode assertBulkUrlsMessage(
      WebhookReceiver.Attempt attempt,
      String requestId,
      String patientId,
      String status,
      Map<String, String> metadata) {
    assertTrue(attempt.contentType().startsWith("application/json"), attempt.contentType());
    JsonNode message = JSON.readTree(attempt.body());
    assertNoNulls(message, "$");

    JsonNode meta = message.get("meta");
    UUID.fromString(meta.get("messageId").asString());
    assertEquals(requestId, meta.get("requestId").asString());
    Instant.parse(meta.get("when").asString());
    assertEquals("medical.document-bulk-download-urls", meta.get("type").asString());
    if (metadata.isEmpty()) {
      assertFalse(meta.has("data"), "meta.data must be omitted without metadata");
    } else {
      assertEquals(metadata, JSON.convertValue(meta.get("data"), Map.class));
    }

    assertEquals(1, message.get("patients").size());
    JsonNode patient = message.get("patients").get(0);
    assertEquals(patientId, patient.get("patientId").asString());
    assertEquals(status, patient.get("status").asString());
    assertTrue(patient.get("documents").isArray());
    for (JsonNode document : patient.get("documents")) {
      assertTrue(document.get("id").isString());
      assertTrue(document.get("fileName").isString());
      assertTrue(document.get("mimeType").isString());
      assertTrue(document.get("size").isNumber(), "size must be a number");
      Instant.parse(document.get("indexed").asString());
      assertTrue(document.get("url").asString().startsWith("http"));
    }
    if ("failed".equals(status)) {
      assertEquals(0, patient.get("documents").size());
    }
    return message;
  }

  private static void assertNoNulls(JsonNode node, String path) {
    assertFalse(node.isNull(), "null at " + path + " (absent fields must be omitted)");
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        assertNoNulls(field.getValue(), path + "." + field.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        assertNoNulls(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
