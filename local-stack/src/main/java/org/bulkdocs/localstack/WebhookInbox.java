package org.bulkdocs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo customer's webhook endpoint: verifies {@code x-metriport-signature}, answers pings with
 * their pong, prints a summary of every message and keeps the latest ones for {@code GET /webhook}.
 */
final class WebhookInbox implements Closeable {

  private static final int KEEP = 20;
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final HttpServer server;
  private final String webhookKey;
  private final ObjectMapper json = new ObjectMapper();
  private final Deque<JsonNode> received = new ArrayDeque<>();

  private WebhookInbox(HttpServer server, String webhookKey) {
    this.server = server;
    this.webhookKey = webhookKey;
  }

  static WebhookInbox start(int port, String webhookKey) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    WebhookInbox inbox = new WebhookInbox(server, webhookKey);
    server.createContext("/webhook", inbox::handle);
    server.start();
    return inbox;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestMethod()) {
        case "POST" -> receive(exchange);
        case "GET" -> list(exchange);
        default -> respond(exchange, 405, "{\"error\":\"method not allowed\"}");
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY);
    }
    String signature = exchange.getRequestHeaders().getFirst("x-metriport-signature");
    if (signature == null || !MessageDigest.isEqual(sign(body), signature.getBytes(StandardCharsets.UTF_8))) {
      System.out.println("[webhook-inbox] REJECTED a message: signature does not verify");
      respond(exchange, 401, "{\"error\":\"bad signature\"}");
      return;
    }
    JsonNode message = json.readTree(body);
    JsonNode meta = message.path("meta");
    if ("ping".equals(meta.path("type").asText())) {
      System.out.println("[webhook-inbox] ping received, answering pong");
      respond(exchange, 200, json.writeValueAsString(json.createObjectNode().put("pong", message.path("ping").asText())));
      return;
    }
    synchronized (received) {
      received.addFirst(message);
      while (received.size() > KEEP) {
        received.removeLast();
      }
    }
    printSummary(meta, message.path("patients"));
    respond(exchange, 200, "{}");
  }

  private void printSummary(JsonNode meta, JsonNode patients) {
    System.out.printf(
        "[webhook-inbox] signature OK · %s · requestId=%s · messageId=%s%n",
        meta.path("type").asText(), meta.path("requestId").asText(), meta.path("messageId").asText());
    for (JsonNode patient : patients) {
      JsonNode documents = patient.path("documents");
      System.out.printf(
          "[webhook-inbox]   patient %s: %s, %d document(s)%n",
          patient.path("patientId").asText(), patient.path("status").asText(), documents.size());
      for (JsonNode document : documents) {
        System.out.printf(
            "[webhook-inbox]     %s (%s, %d bytes)%n",
            document.path("fileName").asText(), document.path("mimeType").asText(), document.path("size").asLong());
      }
    }
    System.out.println("[webhook-inbox]   full messages: curl -s " + url());
  }

  private void list(HttpExchange exchange) throws IOException {
    ArrayNode all = json.createArrayNode();
    synchronized (received) {
      received.forEach(all::add);
    }
    respond(exchange, 200, json.writerWithDefaultPrettyPrinter().writeValueAsString(all));
  }

  private byte[] sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
