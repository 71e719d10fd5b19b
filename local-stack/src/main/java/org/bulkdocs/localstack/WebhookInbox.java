package org.bulkdocs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo customer's webhook endpoint: checks {@code x-metriport-signature} against the demo key,
 * answers pings with their pong, prints a summary of every message and keeps the latest ones for
 * {@code GET /webhook}.
 *
 * <p>A customer who sets its URL through {@code POST /settings} gets a new key that this inbox does not
 * know, so a signature it cannot check is reported ("not verified with DEMO_WEBHOOK_KEY"), not refused.
 * {@code GET /webhook/raw} returns every request as received (raw body, signature header, whether the
 * demo key verified it), for clients that check signatures with the key from {@code GET /settings}
 * (sdk-conformance/sdk-flow.mjs). {@code POST /webhook?answer=400} answers with that status instead,
 * to play an endpoint that refuses.
 */
final class WebhookInbox implements Closeable {

  private static final int KEEP = 20;
  private static final int KEEP_RAW = 100;
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private static final int KEPT_DOCUMENTS = 100;
  private static final int MAX_KEPT_RAW_BODY = 1024 * 1024;

  /** A large patient's pages hold thousands: the terminal gets the first few of each. */
  private static final int PRINTED_DOCUMENTS = 10;

  private final HttpServer server;
  private final String webhookKey;
  private final ObjectMapper json = new ObjectMapper();
  private final Deque<JsonNode> received = new ArrayDeque<>();
  private final Deque<JsonNode> raw = new ArrayDeque<>();

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
      boolean rawPath = exchange.getRequestURI().getPath().equals("/webhook/raw");
      switch (exchange.getRequestMethod()) {
        case "POST" -> receive(exchange);
        case "GET" -> list(exchange, rawPath ? raw : received);
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
    if (signature == null) {
      System.out.println("[webhook-inbox] REJECTED a message without x-metriport-signature");
      respond(exchange, 401, "{\"error\":\"missing signature\"}");
      return;
    }
    boolean verified = MessageDigest.isEqual(sign(body), signature.getBytes(StandardCharsets.UTF_8));
    keepRaw(exchange.getRequestURI().getRawQuery(), signature, verified, body);
    String check =
        verified ? "signature OK" : "signature NOT verified with DEMO_WEBHOOK_KEY (key set through /settings?)";
    Integer answer = requestedAnswer(exchange.getRequestURI().getRawQuery());
    if (answer != null) {
      System.out.println("[webhook-inbox] " + check + " · answering HTTP " + answer + " as asked (?answer=)");
      respond(exchange, answer, "{\"error\":\"refused on request\"}");
      return;
    }
    JsonNode message = json.readTree(body);
    JsonNode meta = message.path("meta");
    if ("ping".equals(meta.path("type").asText())) {
      System.out.println("[webhook-inbox] " + check + " · ping received, answering pong");
      respond(exchange, 200, json.writeValueAsString(json.createObjectNode().put("pong", message.path("ping").asText())));
      return;
    }
    printSummary(check, meta, message.path("patients"));
    keepAtMost(message);
    synchronized (received) {
      received.addFirst(message);
      while (received.size() > KEEP) {
        received.removeLast();
      }
    }
    respond(exchange, 200, "{}");
  }

  /** A large patient's pages are kept with their first documents only: the inbox stays small. */
  private static void keepAtMost(JsonNode message) {
    for (JsonNode patient : message.path("patients")) {
      if (patient.path("documents") instanceof ArrayNode documents && documents.size() > KEPT_DOCUMENTS) {
        int received = documents.size();
        while (documents.size() > KEPT_DOCUMENTS) {
          documents.remove(documents.size() - 1);
        }
        ((ObjectNode) patient).put("documentsReceivedByTheInbox", received);
      }
    }
  }

  private void keepRaw(String query, String signature, boolean verified, byte[] body) {
    var entry = json.createObjectNode();
    entry.put("receivedAt", Instant.now().toString());
    entry.put("query", query);
    entry.put("signature", signature);
    entry.put("verifiedWithDemoKey", verified);
    // the exact bytes, for checking a signature by hand; not those of a large patient's pages
    entry.put("body", body.length <= MAX_KEPT_RAW_BODY ? new String(body, StandardCharsets.UTF_8) : null);
    entry.put("bodyBytes", body.length);
    synchronized (raw) {
      raw.addFirst(entry);
      while (raw.size() > KEEP_RAW) {
        raw.removeLast();
      }
    }
  }

  /** {@code answer=NNN} in the query: a status between 200 and 599 to answer with. */
  private static Integer requestedAnswer(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("answer=")) {
        try {
          int status = Integer.parseInt(pair.substring("answer=".length()));
          return status >= 200 && status <= 599 ? status : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  private void printSummary(String check, JsonNode meta, JsonNode patients) {
    System.out.printf(
        "[webhook-inbox] %s · %s · requestId=%s · messageId=%s%n",
        check, meta.path("type").asText(), meta.path("requestId").asText(), meta.path("messageId").asText());
    for (JsonNode patient : patients) {
      JsonNode documents = patient.path("documents");
      JsonNode page = patient.path("pagination");
      System.out.printf(
          "[webhook-inbox]   patient %s: %s, %d document(s)%s%n",
          patient.path("patientId").asText(),
          patient.path("status").asText(),
          documents.size(),
          page.isMissingNode()
              ? ""
              : ", page " + page.path("page").asInt() + " of " + page.path("totalPages").asInt() + " ("
                  + page.path("totalItems").asInt() + " in all)");
      int shown = 0;
      for (JsonNode document : documents) {
        if (shown++ == PRINTED_DOCUMENTS) {
          System.out.printf("[webhook-inbox]     ... and %d more%n", documents.size() - PRINTED_DOCUMENTS);
          break;
        }
        System.out.printf(
            "[webhook-inbox]     %s (%s, %d bytes)%n",
            document.path("fileName").asText(), document.path("mimeType").asText(), document.path("size").asLong());
      }
    }
    System.out.println("[webhook-inbox]   full messages: curl -s " + url());
  }

  private void list(HttpExchange exchange, Deque<JsonNode> kept) throws IOException {
    ArrayNode all = json.createArrayNode();
    synchronized (kept) {
      kept.forEach(all::add);
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
