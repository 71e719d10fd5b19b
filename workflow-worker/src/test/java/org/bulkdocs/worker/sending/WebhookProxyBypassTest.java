package org.bulkdocs.worker.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.bulkdocs.common.address.RefusedAddressException;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.bulkdocs.worker.targets.WebhookProperties;
import org.bulkdocs.worker.targets.WebhookTarget;
import org.junit.jupiter.api.Test;

/** A JVM-wide proxy must not become a way around the SSRF guard. */
class WebhookProxyBypassTest {

  @Test
  void aConfiguredJvmProxyIsNotUsedSoTheGuardStillSeesTheTarget() throws Exception {
    ProxySelector before = ProxySelector.getDefault();
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.enqueue(new MockResponse.Builder().code(200).body("{}").build());
      proxy.start();
      InetSocketAddress proxyAddress = new InetSocketAddress("127.0.0.1", proxy.getPort());
      ProxySelector.setDefault(
          new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
              return List.of(new Proxy(Proxy.Type.HTTP, proxyAddress));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
          });
      WebhookProperties props = new WebhookProperties(List.of(), Duration.ofSeconds(2), Duration.ofSeconds(5));
      WebhookHttpConfiguration config = new WebhookHttpConfiguration();
      WebhookAddressGuard guard = config.webhookAddressGuard(new WebhookAddressPolicy(false));
      WebhookSender sender = new WebhookSender(config.webhookHttpClient(props, guard), guard);
      // a name that resolves to loopback: only the guard's DNS lookup can refuse it
      WebhookTarget internal = new WebhookTarget("cx", URI.create("http://localhost:9/hook"), "key", null, true);

      assertThrows(
          RefusedAddressException.class,
          () -> sender.post(internal, "message-1", "{}".getBytes(StandardCharsets.UTF_8), 0));
      assertEquals(0, proxy.getRequestCount(), "the message went through the proxy");
    } finally {
      ProxySelector.setDefault(before);
    }
  }
}
