package org.bulkdocs.common.exposure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.PropertyResolver;

/**
 * The demo secrets this repository publishes (compose template, run-local.sh) work only on loopback.
 * A service whose configuration holds one refuses to start when it is reachable from elsewhere: a copy of
 * the template on a public host would otherwise run with keys anyone can read in git.
 *
 * <p>"Reachable" is {@code bulkdocs.published-address} (docker-compose passes the host address its
 * ports are published on), else {@code server.address}; unset means every interface.
 */
public final class DemoValues {

  /** The template's placeholders all start with this. */
  static final String PLACEHOLDER_MARK = "change-me-demo";

  /** Secrets that are demo values as they are (run-local.sh's). */
  private static final Set<String> DEMO_SECRETS = Set.of("demo-webhook-key");

  /** SHA-256 of the demo API keys: the template's and run-local.sh's. */
  private static final Set<String> DEMO_API_KEY_HASHES =
      Set.of(sha256("demo-api-key-change-me"), sha256("demo-api-key-do-not-use-in-production"));

  private DemoValues() {}

  /**
   * @param valuesBySetting each secret the service holds (an API key hash counts), by the setting that
   *     holds it; nulls are skipped
   * @throws IllegalStateException when a demo value is configured and the service is not on loopback
   */
  public static void refuseUnlessLoopback(@Nullable String publishedAddress, Map<String, @Nullable String> valuesBySetting) {
    List<String> demo =
        valuesBySetting.entrySet().stream().filter(e -> isDemo(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    if (!demo.isEmpty() && !isLoopback(publishedAddress)) {
      throw new IllegalStateException(
          "refusing to start: " + String.join(", ", demo) + " hold(s) a public demo value and this service is"
              + " reachable on " + (publishedAddress == null || publishedAddress.isBlank() ? "every interface" : publishedAddress)
              + "; set real secrets (deploy/compose.env.example says how), or bind to loopback for a demo");
    }
  }

  /** Where the service is reachable, as the class comment says. */
  public static @Nullable String publishedAddress(PropertyResolver environment) {
    return environment.getProperty("bulkdocs.published-address", environment.getProperty("server.address"));
  }

  /** A list setting ({@code id:key,id:key}) is a demo value when any of its entries is. */
  static boolean isDemo(@Nullable String value) {
    if (value == null) {
      return false;
    }
    for (String entry : value.split(",")) {
      String v = entry.trim();
      if (v.startsWith(PLACEHOLDER_MARK) || DEMO_SECRETS.contains(v) || DEMO_API_KEY_HASHES.contains(v)) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(@Nullable String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      // literals and "localhost" only: no DNS lookup at startup for a name that could point anywhere
      String host = address.trim();
      if (!host.equalsIgnoreCase("localhost") && !host.matches("[0-9.]+|\\[?[0-9a-fA-F]*:[0-9a-fA-F:]*]?")) {
        return false;
      }
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
