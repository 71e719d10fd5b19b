package org.bulkdocs.worker.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Keeps webhooks away from internal networks (SSRF): every address a webhook host resolves to is
 * checked at connection time, so a DNS answer that changes after the URL was configured is caught
 * too. Plugged into OkHttp as its {@link Dns}; IP-literal hosts are checked via {@link #check}.
 */
public class WebhookAddressGuard implements Dns {

  private final boolean allowPrivateAddresses;

  public WebhookAddressGuard(boolean allowPrivateAddresses) {
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> addresses = Dns.SYSTEM.lookup(hostname);
    for (InetAddress address : addresses) {
      check(address);
    }
    return addresses;
  }

  /** Throws {@link RefusedAddressException} for an address a webhook must not reach. */
  public void check(InetAddress address) throws RefusedAddressException {
    if (!allowPrivateAddresses && isInternal(address)) {
      throw new RefusedAddressException(
          "webhook host resolves to a loopback, private, link-local or multicast address");
    }
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress() // includes 169.254.169.254, the cloud metadata service
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      boolean uniqueLocal = (first & 0xfe) == 0xfc; // fc00::/7, includes AWS fd00:ec2::254
      boolean v4Mapped = isV4Mapped(b);
      if (v4Mapped) {
        try {
          byte[] v4 = {b[12], b[13], b[14], b[15]};
          return isInternal(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      return uniqueLocal;
    }
    return true;
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** An {@link UnknownHostException} so OkHttp treats it like a failed lookup. */
  public static class RefusedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    RefusedAddressException(String message) {
      super(message);
    }
  }
}
