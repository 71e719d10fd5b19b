package org.bulkdocs.api.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The customers allowed to call the API, each with the SHA-256 of its API key (never the key
 * itself). Bound from {@code bulkdocs.customers[i].id} / {@code bulkdocs.customers[i].api-key-sha256},
 * e.g. env {@code BULKDOCS_CUSTOMERS_0_ID} and {@code BULKDOCS_CUSTOMERS_0_API_KEY_SHA256} (Spring's
 * canonical spelling {@code BULKDOCS_CUSTOMERS_0_APIKEYSHA256} works too). A second key,
 * {@code bulkdocs.customers[i].next-api-key-sha256} ({@code BULKDOCS_CUSTOMERS_0_NEXT_API_KEY_SHA256}),
 * is accepted beside the first while the customer moves to it: a key rotates without an outage.
 *
 * <p>Validated while binding so a typo stops the service at startup instead of locking a customer out
 * at runtime.
 */
@ConfigurationProperties(prefix = "bulkdocs")
public record CustomerProperties(List<ConfiguredCustomer> customers) {

  /** The id becomes the S3 prefix of the customer's documents, so it obeys the same rules as a path segment. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** @param nextApiKeySha256 a second key, valid at the same time as the first; null for none */
  public record ConfiguredCustomer(String id, String apiKeySha256, @Nullable String nextApiKeySha256) {

    @ConstructorBinding
    public ConfiguredCustomer {}

    public ConfiguredCustomer(String id, String apiKeySha256) {
      this(id, apiKeySha256, null);
    }

    /** Every key this customer may use now. */
    public List<String> apiKeySha256s() {
      return nextApiKeySha256 == null ? List.of(apiKeySha256) : List.of(apiKeySha256, nextApiKeySha256);
    }
  }

  public CustomerProperties {
    if (customers == null || customers.isEmpty()) {
      throw new IllegalArgumentException(
          "no customers configured: set bulkdocs.customers[0].id and bulkdocs.customers[0].api-key-sha256 "
              + "(env BULKDOCS_CUSTOMERS_0_ID, BULKDOCS_CUSTOMERS_0_API_KEY_SHA256)");
    }
    Set<String> ids = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < customers.size(); i++) {
      ConfiguredCustomer customer = customers.get(i);
      String where = "bulkdocs.customers[" + i + "]";
      if (customer == null || customer.id() == null || !ID.matcher(customer.id()).matches()
          || customer.id().contains("..")) {
        throw new IllegalArgumentException(
            where + ".id must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      if (!ids.add(customer.id())) {
        throw new IllegalArgumentException(where + ".id '" + customer.id() + "' is configured more than once");
      }
      checkHash(where + ".api-key-sha256", customer.id(), customer.apiKeySha256(), hashes);
      if (customer.nextApiKeySha256() != null) {
        checkHash(where + ".next-api-key-sha256", customer.id(), customer.nextApiKeySha256(), hashes);
      }
    }
    customers = List.copyOf(customers);
  }

  private static void checkHash(String property, String id, String hash, Set<String> seen) {
    // The hash is not a secret, but echoing a malformed value could echo a pasted raw key.
    if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
      throw new IllegalArgumentException(
          property + " (customer '" + id + "') must be the lowercase hex SHA-256 of the API key (64 characters of 0-9a-f)");
    }
    if (!seen.add(hash)) {
      throw new IllegalArgumentException(property + " (customer '" + id + "') is a key configured more than once");
    }
  }
}
