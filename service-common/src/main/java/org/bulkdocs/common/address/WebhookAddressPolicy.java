package org.bulkdocs.common.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which addresses a customer's webhook may reach (SSRF). The API applies it when a URL is configured
 * and the worker again on every connection, because the DNS answer for a name can change after the URL
 * was accepted. One implementation for both, so the two checks can never drift apart.
 *
 * <p>Refused: loopback, unspecified, link-local (169.254.169.254, the cloud metadata service, is one),
 * private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10, also Alibaba's metadata
 * address), IETF protocol assignments (192.0.0/24, Oracle's metadata address), benchmarking, reserved
 * and broadcast, multicast; for IPv6 also unique-local (fc00::/7, which holds AWS's fd00:ec2::254),
 * site-local, and any IPv4 address smuggled in an IPv6 one (mapped, translated, compatible, NAT64 and
 * local-use NAT64, 6to4, Teredo).
 */
public final class WebhookAddressPolicy {

  private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.%a-zA-Z]*");

  private final boolean allowPrivateAddresses;

  /** @param allowPrivateAddresses lets webhooks reach internal networks: local runs and tests only */
  public WebhookAddressPolicy(boolean allowPrivateAddresses) {
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  public boolean allowsPrivateAddresses() {
    return allowPrivateAddresses;
  }

  /** Throws {@link RefusedAddressException} for an address a webhook must not reach. */
  public void check(InetAddress address) throws RefusedAddressException {
    if (!allowPrivateAddresses && isInternal(address)) {
      throw new RefusedAddressException(
          "webhook host resolves to a loopback, private, link-local or multicast address");
    }
  }

  /**
   * Resolves a host (a name or an IP literal, IPv6 with or without brackets) and checks every address
   * it resolves to: one internal address is enough to refuse, since a client may pick any of them.
   */
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    List<InetAddress> addresses = List.of(InetAddress.getAllByName(stripBrackets(host)));
    for (InetAddress address : addresses) {
      check(address);
    }
    return addresses;
  }

  /** True for hosts that are IP literals; those never go through DNS, so callers check them directly. */
  public static boolean isIpLiteral(String host) {
    String bare = stripBrackets(host);
    return IPV4_LITERAL.matcher(bare).matches() || IPV6_LITERAL.matcher(bare).matches();
  }

  public static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  public static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isInternalV4(b);
    }
    if (address instanceof Inet6Address) {
      return isInternalV6(b);
    }
    return true; // an address family we do not know: refuse
  }

  private static boolean isInternalV4(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // "this network"
        || first == 10
        || first == 127
        || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        || (first == 169 && second == 254) // link-local, cloud metadata
        || (first == 172 && second >= 16 && second <= 31)
        || (first == 192 && second == 168)
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
        || (first == 198 && (second == 18 || second == 19)) // benchmarking
        || first >= 224; // multicast, reserved and broadcast
  }

  private static boolean isInternalV6(byte[] b) {
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return true; // unique-local fc00::/7, includes fd00:ec2::254
    }
    if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return true; // deprecated site-local fec0::/10
    }
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return isInternalV4(slice(b, 12)); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
      return isInternalV4(slice(b, 12)); // IPv4-translated ::ffff:0:a.b.c.d (SIIT)
    }
    if (allZero(b, 0, 12)) {
      return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
    }
    if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && b[4] == 0 && b[5] == 1) {
      return true; // local-use NAT64 64:ff9b:1::/48: translated by the operator's own network
    }
    if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return isInternalV4(slice(b, 12)); // NAT64 64:ff9b::/96 reaches the embedded IPv4 address
    }
    if (first == 0x20 && (b[1] & 0xff) == 0x02) {
      return isInternalV4(slice(b, 2)); // 6to4 2002:a.b.c.d::/48
    }
    // Teredo 2001:0::/32 tunnels to an obfuscated IPv4 address: no customer needs it
    return first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
