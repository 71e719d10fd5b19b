package org.bulkdocs.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The customer's endpoint for the benchmarks: checks each message's {@code x-metriport-signature}
 * over the bytes received, counts its documents, and tells a waiting caller when all documents of a
 * requestId have arrived verified. Bodies are streamed through the HMAC, not kept.
 */
final class VerifyingReceiver implements AutoCloseable {

  private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");
  private static final byte[] URL_FIELD = "\"url\":\"".getBytes(StandardCharsets.US_ASCII);

  /** What arrived for one requestId. */
  static final class Arrivals {
    int documents;
    int messages;
    long lastArrivalNanos;
    long largestBody;
  }

  final int port = Ports.free();
  private final HttpServer server;
  private final Map<String, Arrivals> byRequestId = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();

  private volatile String key;

  VerifyingReceiver(String initialKey) throws IOException {
    this.key = initialKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.createContext(
        "/webhook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] head = new byte[0];
            byte[] buffer = new byte[64 * 1024];
            long length = 0;
            int documents = 0;
            int matched = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
              mac.update(buffer, 0, read);
              if (head.length < 4096) {
                head = concat(head, buffer, Math.min(read, 4096));
              }
              for (int i = 0; i < read; i++) {
                matched = buffer[i] == URL_FIELD[matched] ? matched + 1 : buffer[i] == URL_FIELD[0] ? 1 : 0;
                if (matched == URL_FIELD.length) {
                  documents++;
                  matched = 0;
                }
              }
              length += read;
            }
            String expected = HexFormat.of().formatHex(mac.doFinal());
            String signature = exchange.getRequestHeaders().getFirst("x-metriport-signature");
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), String.valueOf(signature).getBytes(StandardCharsets.US_ASCII))) {
              refused.incrementAndGet();
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            Matcher requestId = REQUEST_ID.matcher(new String(head, StandardCharsets.UTF_8));
            if (requestId.find()) {
              record(requestId.group(1), documents, length);
            }
            exchange.sendResponseHeaders(200, -1);
          } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
  }

  /** Verifies with this key from now on: the one POST /settings generated for the receiver's URL. */
  void verifyWith(String newKey) {
    this.key = newKey;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/webhook";
  }

  int refused() {
    return refused.get();
  }

  private synchronized void record(String requestId, int documents, long bodyBytes) {
    Arrivals arrivals = byRequestId.computeIfAbsent(requestId, id -> new Arrivals());
    arrivals.documents += documents;
    arrivals.messages++;
    arrivals.lastArrivalNanos = System.nanoTime();
    arrivals.largestBody = Math.max(arrivals.largestBody, bodyBytes);
    notifyAll();
  }

  /** Waits until {@code documents} documents of the requestId arrived verified; returns what arrived. */
  synchronized Arrivals await(String requestId, int documents, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Arrivals arrivals = byRequestId.get(requestId);
      if (arrivals != null && arrivals.documents >= documents) {
        return arrivals;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            requestId + ": " + (arrivals == null ? 0 : arrivals.documents) + " of " + documents + " documents within " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private static byte[] concat(byte[] a, byte[] b, int n) {
    byte[] out = new byte[a.length + n];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, n);
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
