package org.bulkdocs.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's endpoint for the fault suite: answers 200 and records each message's requestId,
 * messageId and arrival time. {@link #down} stops listening (connection refused), {@link #up} listens
 * again on the same port; {@link #answerAfter} makes it a slow endpoint, so that a fault finds
 * deliveries in flight.
 */
final class DeliveryRecorder implements AutoCloseable {

  record Delivery(String requestId, String messageId, String status, long arrivedAtMillis) {}

  private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

  final int port = Ports.free();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private volatile long answerDelayMillis;

  DeliveryRecorder() throws IOException {
    up();
  }

  String url() {
    return "http://127.0.0.1:" + port + "/webhook";
  }

  synchronized void up() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    server.createContext(
        "/webhook",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          try {
            Thread.sleep(answerDelayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          // recorded as the 200 goes out: a message is delivered once the endpoint accepted it
          deliveries.add(
              new Delivery(find(REQUEST_ID, body), find(MESSAGE_ID, body), find(STATUS, body), System.currentTimeMillis()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(64));
    server.start();
  }

  /** Answers each message this long after it arrived (0: at once). */
  void answerAfter(Duration delay) {
    answerDelayMillis = delay.toMillis();
  }

  synchronized void down() {
    server.stop(0);
  }

  /** The first delivery of each requestId that arrived completed. */
  Map<String, Delivery> completedByRequestId() {
    Map<String, Delivery> first = new ConcurrentHashMap<>();
    for (Delivery delivery : deliveries) {
      if ("completed".equals(delivery.status())) {
        first.putIfAbsent(delivery.requestId(), delivery);
      }
    }
    return first;
  }

  List<Delivery> all() {
    return List.copyOf(deliveries);
  }

  private static String find(Pattern pattern, String body) {
    Matcher matcher = pattern.matcher(body);
    return matcher.find() ? matcher.group(1) : null;
  }

  @Override
  public void close() {
    down();
  }
}
