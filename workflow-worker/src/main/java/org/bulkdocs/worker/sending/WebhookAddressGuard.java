package org.bulkdocs.worker.sending;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import org.bulkdocs.common.address.RefusedAddressException;
import org.bulkdocs.common.address.WebhookAddressPolicy;

/**
 * Keeps webhooks away from internal networks (SSRF) at connection time: OkHttp resolves every webhook
 * host through this {@link Dns}, which refuses any name resolving to an address the shared
 * {@link WebhookAddressPolicy} refuses, so a DNS answer that changed after the URL was configured is
 * caught too. OkHttp skips its Dns for IP-literal hosts; {@link WebhookSender} checks those itself.
 */
public class WebhookAddressGuard implements Dns {

  private final WebhookAddressPolicy policy;

  public WebhookAddressGuard(WebhookAddressPolicy policy) {
    this.policy = policy;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    return policy.resolve(hostname);
  }

  /** Throws {@link RefusedAddressException} for an address a webhook must not reach. */
  public void check(InetAddress address) throws RefusedAddressException {
    policy.check(address);
  }
}
