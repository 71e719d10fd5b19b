package org.bulkdocs.common.address;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAddressPolicyTest {

  private final WebhookAddressPolicy strict = new WebhookAddressPolicy(false);

  @ParameterizedTest(name = "{0} is internal")
  @ValueSource(
      strings = {
        "127.0.0.1", "127.1.2.3", "0.0.0.0", "0.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "100.100.100.200",
        "192.0.0.192", "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "fec0::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
        "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:a00:1::", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "::ffff:0:127.0.0.1", "::ffff:0:a9fe:a9fe", "::ffff:0:10.0.0.1", "64:ff9b:1::808:808"
      })
  void internalAddressesAreRefused(String literal) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(literal);
    assertTrue(WebhookAddressPolicy.isInternal(address), literal);
    RefusedAddressException refused = assertThrows(RefusedAddressException.class, () -> strict.check(address));
    assertFalse(refused.getMessage().contains(literal), "the message must not name the address");
    assertDoesNotThrow(() -> new WebhookAddressPolicy(true).check(address), "allowed in local mode");
  }

  @ParameterizedTest(name = "{0} is public")
  @ValueSource(
      strings = {
        "8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255",
        "100.128.0.1", "169.253.1.1", "192.169.0.1", "198.51.100.7", "203.0.113.10",
        "2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808",
        "2002:808:808::", "::ffff:0:8.8.8.8"
      })
  void publicAddressesAreAllowed(String literal) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(literal);
    assertFalse(WebhookAddressPolicy.isInternal(address), literal);
    assertDoesNotThrow(() -> strict.check(address));
  }

  @Test
  void resolveChecksEveryAddressOfANameAndLiterals() throws UnknownHostException {
    assertThrows(RefusedAddressException.class, () -> strict.resolve("localhost"));
    assertThrows(RefusedAddressException.class, () -> strict.resolve("[::1]"));
    assertThrows(RefusedAddressException.class, () -> strict.resolve("127.1"), "short IPv4 forms too");
    assertThrows(RefusedAddressException.class, () -> strict.resolve("169.254.169.254"));
    assertEquals(InetAddress.getByName("8.8.8.8"), strict.resolve("8.8.8.8").get(0));
    assertFalse(new WebhookAddressPolicy(true).resolve("localhost").isEmpty());
  }

  @Test
  void recognisesIpLiteralsTheWayHttpClientsDo() {
    assertTrue(WebhookAddressPolicy.isIpLiteral("127.0.0.1"));
    assertTrue(WebhookAddressPolicy.isIpLiteral("127.1"));
    assertTrue(WebhookAddressPolicy.isIpLiteral("[::1]"));
    assertTrue(WebhookAddressPolicy.isIpLiteral("fd00:ec2::254"));
    assertFalse(WebhookAddressPolicy.isIpLiteral("localhost"));
    assertFalse(WebhookAddressPolicy.isIpLiteral("hooks.example.com"));
  }
}
